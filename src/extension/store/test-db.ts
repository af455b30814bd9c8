/** Test helper: empties every table of the (fake-indexeddb backed) database between tests. */
import { db } from './db';

export async function clearDb(): Promise<void> {
  await Promise.all(db.tables.map((table) => table.clear()));
}
