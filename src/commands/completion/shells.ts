/** Kept apart from the generators so the command declarations can import it cheaply. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];
