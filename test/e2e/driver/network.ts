/** The only addresses a test browser may reach: loopback. Tests never touch the internet. */
export const LOOPBACK = /^(https?|wss?):\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]|[a-z]+\.test)(:\d+)?\//;

/**
 * Names both browsers resolve to 127.0.0.1 (RFC 6761's reserved .test). Browsers never
 * proxy loopback addresses, so a shop reached through a proxy (the private connection,
 * issue 21) is opened under one of these names; directly it is still loopback.
 */
export const TEST_NAMES = ['shop.test', 'elsewhere.test'] as const;
