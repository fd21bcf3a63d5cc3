import type { Messages } from "./messages.ts";

export const vi: Messages = {};
