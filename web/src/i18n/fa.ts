export const fa: Record<string, string> = {};
