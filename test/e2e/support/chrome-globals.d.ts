/** The few extension APIs the tests call inside the extension's own pages and worker. */
declare const chrome: {
  tabs: { query(q: Record<string, unknown>): Promise<{ id?: number; url?: string }[]> };
  runtime: {
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: {
      addListener(cb: (message: { kind?: string; cardFields?: number }, sender: unknown) => undefined): void;
    };
  };
  notifications: { getAll(): Promise<Record<string, boolean>> };
  downloads: { search(q: Record<string, unknown>): Promise<{ filename: string; state: string }[]> };
  storage: { session: { get(keys: null): Promise<Record<string, unknown>> } };
};
