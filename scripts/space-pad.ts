// Drawing on the Space page's pad with the mouse, as a person does: shared by the browser test and the screenshots.
import type { Page } from 'playwright-core';

/** Strokes over the pad, each a list of points in fractions of its width and height. */
export async function drawOnPad(page: Page, strokes: [number, number][][]): Promise<void> {
  const pad = (await page.locator('#pad').boundingBox())!;
  const at = (x: number, y: number): [number, number] => [pad.x + x * pad.width, pad.y + y * pad.height];
  for (const points of strokes) {
    await page.mouse.move(...at(...points[0]!));
    await page.mouse.down();
    for (const point of points.slice(1)) await page.mouse.move(...at(...point), { steps: 8 });
    await page.mouse.up();
  }
}

/** A 7, dark on white: a bar, then a slanted stroke down. */
export const SEVEN: [number, number][][] = [
  [
    [0.3, 0.25],
    [0.7, 0.25],
    [0.45, 0.8],
  ],
];
