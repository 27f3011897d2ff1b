// Packing of the right-hand matrix of a product into column panels.
//
// A panel holds 16 consecutive columns of B for every row of B, stored row after row
// ([row][16 lanes], 64 bytes a row), so the micro-kernel reads it front to back with aligned
// 16-byte loads. Columns past the edge of B are zero, so every panel is full width.

export const PANEL_WIDTH: i32 = 16;
export const PANEL_ROW_BYTES: usize = 64;

/**
 * B = Mᵀ where M is the `count` rows [firstRow, firstRow + count) of a matrix with `cols` columns
 * (the keys K, giving Kᵀ). Row j of M becomes lane j % 16 of panel j / 16, whose rows are M's
 * columns. After the last chunk (firstRow + count === totalRows) the lanes past totalRows are zeroed.
 */
export function packTransposedPanels(src: usize, count: i32, cols: i32, firstRow: i32, totalRows: i32, dst: usize): void {
  const panelBytes = <usize>cols * PANEL_ROW_BYTES;
  for (let t = 0; t < count; t++) {
    const j = firstRow + t;
    let out = dst + <usize>(j >> 4) * panelBytes + (<usize>(j & 15) << 2);
    let from = src + (<usize>t * <usize>cols << 2);
    for (let c = 0; c < cols; c++) {
      store<f32>(out, load<f32>(from));
      out += PANEL_ROW_BYTES;
      from += 4;
    }
  }
  if (firstRow + count == totalRows) {
    for (let j = totalRows; (j & 15) != 0; j++) {
      let out = dst + <usize>(j >> 4) * panelBytes + (<usize>(j & 15) << 2);
      for (let c = 0; c < cols; c++) {
        store<f32>(out, 0);
        out += PANEL_ROW_BYTES;
      }
    }
  }
}

/**
 * B's rows [firstRow, firstRow + count) (row-major, `cols` columns, at src) into panels of
 * `panelRows` rows each. Lanes past the last column are zeroed.
 */
export function packRowPanels(src: usize, count: i32, cols: i32, firstRow: i32, panelRows: i32, dst: usize): void {
  const panelBytes = <usize>panelRows * PANEL_ROW_BYTES;
  const fullPanels = cols >> 4;
  const tail = cols & 15;
  for (let t = 0; t < count; t++) {
    const from = src + (<usize>t * <usize>cols << 2);
    let out = dst + <usize>(firstRow + t) * PANEL_ROW_BYTES;
    for (let p = 0; p < fullPanels; p++) {
      const f = from + (<usize>p << 6);
      v128.store(out, v128.load(f));
      v128.store(out, v128.load(f, 16), 16);
      v128.store(out, v128.load(f, 32), 32);
      v128.store(out, v128.load(f, 48), 48);
      out += panelBytes;
    }
    if (tail != 0) {
      const f = from + (<usize>fullPanels << 6);
      for (let lane = 0; lane < 16; lane++) {
        store<f32>(out + (<usize>lane << 2), lane < tail ? load<f32>(f + (<usize>lane << 2)) : <f32>0);
      }
    }
  }
}
