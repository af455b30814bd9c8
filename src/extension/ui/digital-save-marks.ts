/**
 * The User Timing mark save-digital-file.ts leaves when the file has opened (fetched, every
 * chunk verified, the plaintext in the private file), before the downloads API copies it
 * out: the two stages of a save, told apart in a profile and by the benchmark
 * (test/bench/digital/page.ts), which reads it by this name. No imports: Node loads it too.
 */
export const OPENED_MARK = 'veil:digital-file-opened';
