/** The name an export is saved under: what it is, the division's code, the day. */
export function exportFileName(report: string, divisionCode: string | null | undefined, day: Date, extension = 'csv'): string {
  const code = (divisionCode ?? '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${report}${code ? `-${code}` : ''}-${day.toISOString().slice(0, 10)}.${extension}`;
}

/** Saves a blob as a file the browser downloads. The blob was fetched with the caller's
 * token in a header: no URL that carries a token is ever handed to the browser. */
export function saveBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads a file from a link of its own (a short-lived presigned link the API answered
 * with, carrying no token of the caller's). */
export function openLink(url: string, doc: Document = document): void {
  const link = doc.createElement('a');
  link.href = url;
  link.rel = 'noopener';
  doc.body.appendChild(link);
  link.click();
  link.remove();
}
