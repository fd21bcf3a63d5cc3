import type { Messages } from "./messages.ts";

export const zh: Messages = {};
