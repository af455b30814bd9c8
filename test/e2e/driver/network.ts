/** The only addresses a test browser may reach: loopback. Tests never touch the internet. */
export const LOOPBACK = /^(https?|wss?):\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//;
