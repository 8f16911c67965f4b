import { describe, expect, it } from "vitest";
import { QrTooLong, qrMatrix, qrSvg } from "../../src/lib/qr";

// The QR encoder against a reference symbol: "https://sanshe.example.cn/n/001001" at
// level M with mask 2, as an independent encoder draws it (version 3, 29 × 29).
const REFERENCE = [
  "#######..#.#.###.###..#######",
  "#.....#...########..#.#.....#",
  "#.###.#.##.###.#..#.#.#.###.#",
  "#.###.#.#.#...##.#....#.###.#",
  "#.###.#.#####..##.###.#.###.#",
  "#.....#.##..#....##...#.....#",
  "#######.#.#.#.#.#.#.#.#######",
  "........#.##..#.#...#........",
  "#.#####....#.....#.#..#####..",
  "##.#.#..##...###.########...#",
  "##.#..#...########...###.....",
  "#.#.##.#...#.#.#..#..#..##.#.",
  "#..#..#.##.#..#####.#..#.##..",
  "...##..#..#.#....########...#",
  "##.#..#.#...#..#.#..#....##..",
  ".#.........##.##....#..#...#.",
  "..#.####.#..#..###.#.#...##..",
  "#..#.#......###..########.#.#",
  "#.##..#.########.#..#.###.#..",
  "#..##..##..###.#..#..##.#..#.",
  "#....##..#.##.#####.#####.###",
  "........#........##.#...#####",
  "#######..##....###.##.#.###..",
  "#.....#.##....##...##...#..##",
  "#.###.#.###....####.#####.##.",
  "#.###.#.####..#..........####",
  "#.###.#.#..#..##..#.########.",
  "#.....#..#.##.##..###..#.#.#.",
  "#######.############....###..",
];

const draw = (m: boolean[][]) => m.map((row) => row.map((d) => (d ? "#" : ".")).join(""));

describe("QR codes", () => {
  it("draws the reference symbol module for module", () => {
    expect(draw(qrMatrix("https://sanshe.example.cn/n/001001", { mask: 2 }))).toEqual(REFERENCE);
  });

  it("grows the version with the text and refuses what does not fit version 10", () => {
    expect(qrMatrix("x").length).toBe(21);
    expect(qrMatrix("x".repeat(100)).length).toBe(4 * 6 + 17);
    expect(qrMatrix("x".repeat(213)).length).toBe(57);
    expect(() => qrMatrix("x".repeat(214))).toThrow(QrTooLong);
  });

  it("keeps the finder patterns and the quiet zone in the SVG", () => {
    const m = qrMatrix("https://sanshe.example.cn/n/001002");
    expect(draw(m)[0]!.startsWith("#######.")).toBe(true);
    const svg = qrSvg("https://sanshe.example.cn/n/001002", { title: "和平路社区 <A&B>" });
    expect(svg).toContain(`viewBox="0 0 ${m.length + 8} ${m.length + 8}"`);
    expect(svg).toContain("<title>和平路社区 &#60;A&#38;B&#62;</title>");
    expect(svg).toContain("M4 4h1v1h-1z");
  });
});
