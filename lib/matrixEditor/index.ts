/** The pure logic of the spreadsheet-like matrix editor; the React component builds on these. */
export * from './cells';
export * from './moveFocus';
export * from './parsePastedBlock';
export * from './pasteBlock';
export * from './resizeCells';
export * from './randomFillCells';
export * from './validateCells';
