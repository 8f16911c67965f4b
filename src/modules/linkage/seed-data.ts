import type { NeedCategory, NeedPriority, NeedSource, NeedStatus } from "./tables";

// Demo needs of 昆都仑区 (150203): what residents of 沼潭街道 and 林荫路街道 asked for,
// in every state of triage. `daysAgo` is counted back from the day the demo is seeded.

export interface DemoNeed {
  key: string;
  receipt: string; // in the lookup's alphabet (no I, L, O, 0 or 1), or the status page cannot find it
  community: string; // after the district's code
  category: NeedCategory;
  source: NeedSource;
  description: string;
  location: string;
  name: string;
  phone: string;
  daysAgo: number;
  status: NeedStatus;
  priority?: NeedPriority;
  answer?: string;
  answeredAfterDays?: number;
  mergedInto?: string; // key
}

export const DEMO_NEEDS: Record<string, DemoNeed[]> = {
  "150203": [
    {
      key: "meals",
      receipt: "HPN2MEAN",
      community: "001001",
      category: "elderly",
      source: "online",
      description: "小区独居老人多，中午做饭不方便，希望社区能有老年助餐点。",
      location: "和平路小区 5 号楼附近",
      name: "刘阿姨",
      phone: "13904721234",
      daysAgo: 30,
      status: "accepted",
      priority: "high",
      answer: "已列入社区需求清单（优先）。社区正与阳光社工中心商议在活动室开设助餐点，方案确定后会在公告栏通知。",
      answeredAfterDays: 3,
    },
    {
      key: "meals-2",
      receipt: "HPN2MEA2",
      community: "001001",
      category: "elderly",
      source: "grid_worker",
      description: "网格走访：7 号楼王大爷反映吃饭难，希望有送餐或助餐。",
      location: "7 号楼",
      name: "",
      phone: "",
      daysAgo: 28,
      status: "merged",
      mergedInto: "meals",
    },
    {
      key: "light",
      receipt: "HPN2NAMP",
      community: "001001",
      category: "facilities",
      source: "online",
      description: "3 号楼 2 单元楼道灯坏了快一个月，晚上上下楼看不见。",
      location: "3 号楼 2 单元",
      name: "",
      phone: "",
      daysAgo: 20,
      status: "solved",
      answer: "物业已于次日更换楼道灯，感谢您的反映。",
      answeredAfterDays: 1,
    },
    {
      key: "homework",
      receipt: "HPN2KYDS",
      community: "001001",
      category: "children",
      source: "residents_council",
      description: "居民议事会提出：双职工家庭孩子放学后无人照看，希望开设“四点半课堂”。",
      location: "社区活动室",
      name: "",
      phone: "",
      daysAgo: 12,
      status: "referred",
      answer: "需要场地和志愿者统筹，已转交沼潭街道，由街道协调学校和社会组织共同办理。",
      answeredAfterDays: 4,
    },
    {
      key: "dance",
      receipt: "HPN2DANC",
      community: "001001",
      category: "neighbourhood",
      source: "online",
      description: "广场舞音响太吵，晚上九点以后还在跳。",
      location: "小区中心广场",
      name: "",
      phone: "",
      daysAgo: 9,
      status: "declined",
      answer: "这属于噪声管理，社区已请物业提醒，并告知可拨打 110 反映夜间噪声；社区需求清单不作收录。",
      answeredAfterDays: 2,
    },
    {
      key: "ramp",
      receipt: "HPN2RAMP",
      community: "001002",
      category: "disability",
      source: "visit",
      description: "入户走访：坐轮椅的居民反映单元门口台阶没有坡道，出门困难。",
      location: "沼潭社区 12 号楼",
      name: "赵先生",
      phone: "13847215678",
      daysAgo: 10,
      status: "received",
    },
    {
      key: "health",
      receipt: "HPN2HNTH",
      community: "001002",
      category: "health",
      source: "wechat",
      description: "社区微信群里多位居民希望定期有医生来量血压、讲慢病知识。",
      location: "",
      name: "",
      phone: "",
      daysAgo: 2,
      status: "received",
    },
    { key: "jobs", receipt: "NYN2JQBS", community: "002001", category: "employment", source: "online", description: "想学家政或养老护理技能，有没有培训？", location: "", name: "", phone: "13604725566", daysAgo: 1, status: "received" },
  ],
};
