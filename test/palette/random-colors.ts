/** Seeded, so a failure names a color that fails again on the next run. */
export function randomHexColors(count: number, seed: number): string[] {
  let state = seed >>> 0;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from(
    { length: count },
    () =>
      `#${Math.floor(next() * 0x1000000)
        .toString(16)
        .padStart(6, '0')
        .toUpperCase()}`,
  );
}

export const HEX_RRGGBB = /^#[0-9A-F]{6}$/;

/** Signed smallest difference between two hue angles, in degrees (-180, 180]. */
export function hueDifference(from: number, to: number): number {
  const d = (((to - from) % 360) + 360) % 360;
  return d > 180 ? d - 360 : d;
}
