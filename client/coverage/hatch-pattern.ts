/**
 * Diagonal stripes drawn on a small canvas at run time, for a fill-pattern: no image file to ship or fetch, and the
 * ground shows between the stripes.
 */
export function hatchPattern(colour: string, size = 10, width = 2): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d')!;
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.lineCap = 'square';
  // Three strokes so the stripes meet across tile edges when the pattern repeats.
  for (const offset of [-size, 0, size]) {
    ctx.beginPath();
    ctx.moveTo(offset, size);
    ctx.lineTo(offset + size, 0);
    ctx.stroke();
  }
  return ctx.getImageData(0, 0, size, size);
}
