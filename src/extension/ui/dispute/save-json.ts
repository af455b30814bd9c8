/** Saves text as a file from an extension page: a Blob link clicked once (no downloads permission needed). */
export function saveJson(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked on the next turn: the click has handed the Blob to the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
