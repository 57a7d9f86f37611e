/** A1 notation, as the Sheets API names ranges. */

/** Column letters of a 0-based index: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A range on a tab, the tab's name quoted so spaces and `!` in it are safe. */
export function sheetRange(sheet: string, cells?: string): string {
  const quoted = `'${sheet.replace(/'/g, "''")}'`;
  return cells ? `${quoted}!${cells}` : quoted;
}
