import { usccCheckCharacter } from "../../src/lib/uscc";
import type { ServiceField } from "../../src/modules/disclosure/schemas";

// The seeded generator and the words benchmark organizations and people are named from.

/** A small, fast, seedable generator (mulberry32): the same district on every run. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

export const BRANDS = [
  "阳光",
  "春晖",
  "邻里",
  "同心",
  "康乐",
  "爱心",
  "启航",
  "青禾",
  "暖阳",
  "友善",
  "和美",
  "乐龄",
  "星火",
  "绿荫",
  "善水",
  "明德",
  "德馨",
  "惠民",
  "安康",
  "众善",
  "晨曦",
  "馨园",
  "润泽",
  "携手",
  "彩虹",
  "蒲公英",
  "向日葵",
  "红石榴",
  "北疆",
  "草原",
  "钢城",
  "黄河",
  "阴山",
  "赛罕",
  "敕勒",
  "鹿城",
  "包钢",
  "昆仑",
  "青山",
  "沼潭",
];
export const THEMES: { word: string; fields: ServiceField[] }[] = [
  { word: "养老", fields: ["elderly"] },
  { word: "助老", fields: ["elderly", "volunteering"] },
  { word: "助残", fields: ["disability"] },
  { word: "康复", fields: ["disability", "health"] },
  { word: "青少年", fields: ["children", "education"] },
  { word: "儿童", fields: ["children"] },
  { word: "家庭", fields: ["children", "assistance"] },
  { word: "心理", fields: ["health"] },
  { word: "健康", fields: ["health"] },
  { word: "文化", fields: ["culture"] },
  { word: "法律", fields: ["legal"] },
  { word: "环保", fields: ["environment"] },
  { word: "就业", fields: ["employment"] },
  { word: "社区治理", fields: ["governance"] },
  { word: "救助", fields: ["assistance"] },
  { word: "志愿", fields: ["volunteering"] },
];
export const TYPES = [
  { type: "社会服务机构", digit: "2", share: 0.45, suffixes: ["服务中心", "社会工作服务社", "服务站"] },
  { type: "社会团体", digit: "1", share: 0.3, suffixes: ["协会", "促进会", "联合会"] },
  { type: "社区社会组织", digit: "9", share: 0.2, suffixes: ["志愿服务队", "互助会", "服务队"] },
  { type: "基金会", digit: "3", share: 0.05, suffixes: ["基金会"] },
] as const;
const SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红梅鹏飞建华建国志强海燕晓东丹宁慧颖";

export function personName(r: ReturnType<typeof random>): string {
  const given = GIVEN.length;
  const a = GIVEN[r.int(given)]!;
  return `${r.pick([...SURNAMES])}${a}${r.chance(0.6) ? GIVEN[r.int(given)]! : ""}`;
}

export function usccOf(digit: string, districtCode: string, serial: number): string {
  const first17 = `5${digit}${districtCode}${String(serial).padStart(9, "0")}`;
  return first17 + usccCheckCharacter(first17);
}

export const at = (date: string) => `${date}T02:00:00.000Z`; // 10:00 Beijing time
