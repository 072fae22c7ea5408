import { INestApplication, Logger } from '@nestjs/common';
import { AppConfig } from '@taizhang/config';
import type { CaseDto } from '@taizhang/contracts';
import { CaseAction, Role, withCheckChar } from '@taizhang/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { hashPassword } from '../../core/passwords';
import { CasesService } from '../cases/cases.service';
import {
  BulkVisit,
  countUnits,
  enterprisesOfInstructor,
  enterprisesWithInstructor,
  firstOfficerOf,
  insertDemoEnterprise,
  insertDemoInstructor,
  insertDemoRoutingRule,
  insertDemoUnit,
  insertDemoUser,
  insertVisitsBulk,
  loadDemoActor,
  setResumptionClock,
} from '@taizhang/db';
import { CommonProblemsService } from '../common-problems/common-problems.service';

/** Password of every demo user (documented in the README; demo data is for trying taizhang out). */
export const DEMO_PASSWORD = 'demo1234';

/** A small deterministic random generator, so every demo world is the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

const CATEGORY_BUREAUS: Record<string, string> = {
  labor: '人力资源和社会保障局',
  transport: '交通运输局',
  funding: '地方金融监督管理局',
  supplies: '发展和改革委员会',
  sales: '商务局',
  land: '自然资源和规划局',
  policy: '工业和信息化局',
  other: '政务服务和大数据管理局',
};

const TITLES: Record<string, string[]> = {
  labor: [
    '返岗员工不足，急需招聘普工{n}名',
    '外地员工返岗需办理健康证明',
    '熟练焊工缺口{n}人，影响订单交付',
    '员工宿舍隔离条件不足，需协调临时住所',
    '湖北籍员工{n}人暂不能返岗',
  ],
  transport: [
    '原材料运输车辆通行证办理困难',
    '物流停运，成品无法发往外省',
    '货车司机跨省返回需隔离{n}天',
    '快递网点未恢复，样品无法寄出',
    '员工通勤班车需办理通行证',
  ],
  funding: [
    '流动资金紧张，申请贴息贷款{n}万元',
    '银行贷款到期需办理续贷',
    '申请社保费阶段性减免',
    '稳岗补贴申报材料咨询',
    '应急转贷资金申请',
  ],
  supplies: [
    '口罩、消毒液等防疫物资短缺',
    '红外测温仪采购困难',
    '上游原材料供应中断',
    '包装材料供应不足，缺口{n}吨',
    '进口零部件到货延迟',
  ],
  sales: [
    '订单下降，产品滞销',
    '外贸订单延迟交付，面临违约',
    '展会取消，需开拓线上销售渠道',
    '应收账款回收困难，金额约{n}万元',
    '产品进入政府采购目录咨询',
  ],
  land: [
    '新建厂房用地手续办理',
    '扩建项目规划许可审批',
    '环评审批进度缓慢',
    '施工许可证办理',
    '不动产权证办理',
  ],
  policy: [
    '咨询复工复产备案流程',
    '咨询增值税减免政策',
    '申请"一企一策"帮扶',
    '防疫检查标准不明确',
    '高新技术企业认定咨询',
  ],
  other: [
    '厂区周边道路施工影响通行',
    '用电增容申请',
    '天然气供应压力不足',
    '员工子女入学咨询',
    '厂区污水管网接入',
  ],
};

const NAME_HEADS = [
  '华',
  '中',
  '豫',
  '嵩',
  '郑',
  '宏',
  '鑫',
  '恒',
  '瑞',
  '博',
  '金',
  '盛',
  '达',
  '新',
  '泰',
  '兴',
  '永',
  '长',
  '远',
  '东',
];
const NAME_TAILS = [
  '源',
  '信',
  '发',
  '通',
  '力',
  '丰',
  '祥',
  '润',
  '晟',
  '创',
  '宇',
  '邦',
  '诚',
  '隆',
  '安',
  '辉',
  '德',
  '广',
  '和',
  '顺',
];
const INDUSTRIES = [
  '装备制造',
  '食品加工',
  '纺织服装',
  '电子信息',
  '新材料',
  '生物医药',
  '汽车零部件',
  '建材',
  '物流',
  '包装印刷',
];
const SUFFIX: Record<string, string> = {
  装备制造: '重工',
  食品加工: '食品',
  纺织服装: '服饰',
  电子信息: '电子',
  新材料: '新材料',
  生物医药: '制药',
  汽车零部件: '汽配',
  建材: '建材',
  物流: '物流',
  包装印刷: '包装',
};
const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '刘',
  '陈',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '强',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '鹏',
  '辉',
];

interface Ids {
  [code: string]: string;
}

async function insertUnit(
  m: EntityManager,
  code: string,
  name: string,
  kind: string,
  parentId: string | null,
  categoryCodes: string[] = [],
): Promise<string> {
  return insertDemoUnit(m, { code, name, kind, parentId, categoryCodes });
}

/**
 * The demo world, shaped like the seeds: 郑州市 with three counties, their towns, a bureau for every
 * category at county and city level, 郭店镇 with 83 above-size and 828 below-size enterprises,
 * instructors covering 8–10 enterprises each, and a few hundred cases over every state and level,
 * driven through the real case service so every case row is the fold of its events.
 * Runs only on a database with no units. Answers false when there was something already.
 */
export async function seedDemoData(
  app: INestApplication,
  _config: AppConfig,
  opts: { cases?: number; now?: Date } = {},
): Promise<boolean> {
  const ds = app.get(DataSource);
  const logger = new Logger('DemoData');
  if ((await countUnits(ds)) > 0) return false;
  const r = rng(2020);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = opts.now ?? new Date();
  const categories = Object.keys(CATEGORY_BUREAUS);

  const world = await ds.transaction(async (m) => {
    // the directory was drawn up five weeks ago: its first resumption figures date from then (visits move them)
    await setResumptionClock(m, new Date(now.getTime() - 35 * 86_400_000));
    const units: Ids = {};
    units['city'] = await insertUnit(m, '4101', '郑州市', 'city', null);
    const counties: [string, string, [string, string][]][] = [
      [
        '410184',
        '新郑市',
        [
          ['410184101', '郭店镇'],
          ['410184102', '龙湖镇'],
          ['410184103', '薛店镇'],
        ],
      ],
      [
        '410122',
        '中牟县',
        [
          ['410122101', '城关镇'],
          ['410122102', '官渡镇'],
          ['410122103', '韩寺镇'],
        ],
      ],
      [
        '410173',
        '郑州航空港区',
        [
          ['410173001', '银河办事处'],
          ['410173101', '八岗镇'],
          ['410173102', '张庄镇'],
        ],
      ],
    ];
    const towns: { id: string; code: string; name: string; county: string }[] = [];
    for (const [code, name, townList] of counties) {
      units[code] = await insertUnit(m, code, name, 'county', units['city']);
      for (const [tcode, tname] of townList) {
        const id = await insertUnit(m, tcode, tname, 'town', units[code]);
        units[tcode] = id;
        towns.push({ id, code: tcode, name: tname, county: code });
      }
    }
    for (const [i, v] of ['郭店村', '八千村', '小乔村', '薛集村'].entries()) {
      units[`grid${i}`] = await insertUnit(
        m,
        `410184101${String(i + 1).padStart(3, '0')}`,
        v,
        'grid',
        units['410184101'],
      );
    }
    // a bureau for every category at county and city level, and the routing rules to them
    for (const over of ['4101', ...counties.map((c) => c[0])]) {
      const overId = over === '4101' ? units['city'] : units[over];
      const overName = over === '4101' ? '郑州市' : (counties.find((c) => c[0] === over)?.[1] as string);
      for (const [ci, cat] of categories.entries()) {
        const bid = await insertUnit(
          m,
          `${over}B${ci + 1}`,
          `${overName}${CATEGORY_BUREAUS[cat]}`,
          'bureau',
          overId,
          [cat],
        );
        units[`${over}:${cat}`] = bid;
        await insertDemoRoutingRule(m, { categoryCode: cat, unitId: overId, bureauId: bid });
      }
    }

    const addUser = async (
      username: string,
      displayName: string,
      role: Role,
      unitId: string | null,
      phone: string | null = null,
    ) => {
      return insertDemoUser(m, { username, displayName, role, unitId, phone, passwordHash });
    };
    const person = () => `${r.pick(SURNAMES)}${r.pick(GIVEN)}${r.next() < 0.5 ? r.pick(GIVEN) : ''}`;
    const users: Record<string, string> = {};
    users['coordinator'] = await addUser(
      'zhuanban',
      '郭店镇专班·王建国',
      'coordinator',
      units['410184101'],
      '13700000001',
    );
    users['coordinator2'] = await addUser(
      'zhuanban2',
      '郭店镇专班·李秀英',
      'coordinator',
      units['410184101'],
      '13700000002',
    );
    users['officer'] = await addUser(
      'renshe',
      '新郑市人社局·赵敏',
      'bureau_officer',
      units['410184:labor'],
      '13700000003',
    );
    users['city_officer'] = await addUser(
      'shirenshe',
      '郑州市人社局·孙磊',
      'bureau_officer',
      units['4101:labor'],
      '13700000004',
    );
    users['manager'] = await addUser('lingdao', '新郑市领导·马志峰', 'manager', units['410184']);
    users['city_manager'] = await addUser('shiling', '郑州市领导·周强', 'manager', units['city']);
    users['town_manager'] = await addUser('zhenzhang', '郭店镇镇长·郭涛', 'manager', units['410184101']);
    // one coordinator in every other town, and an officer in every other bureau
    for (const t of towns.slice(1))
      await addUser(`zb${t.code}`, `${t.name}专班·${person()}`, 'coordinator', t.id);
    for (const over of ['4101', ...counties.map((c) => c[0])]) {
      for (const cat of categories) {
        if ((over === '410184' || over === '4101') && cat === 'labor') continue;
        await addUser(
          `ju${over}${cat}`.toLowerCase(),
          `${person()}`,
          'bureau_officer',
          units[`${over}:${cat}`],
        );
      }
    }

    // enterprises: 郭店镇 has 83 above-size and 828 below-size; the other towns a few dozen each
    const enterprises: { id: string; town: string; final?: Figures }[] = [];
    let serial = 0;
    const usedNames = new Set<string>();
    const addEnterprise = async (townId: string, unitId: string, townName: string, above: boolean) => {
      serial++;
      const industry = r.pick(INDUSTRIES);
      let name = '';
      for (let tries = 0; !name || usedNames.has(name); tries++) {
        const place = tries < 20 ? r.pick(['郑州', '新郑', '河南', '中原']) : `郑州${r.pick(NAME_HEADS)}`;
        name = `${place}${r.pick(NAME_HEADS)}${r.pick(NAME_TAILS)}${SUFFIX[industry]}${above ? '股份' : ''}有限公司`;
      }
      usedNames.add(name);
      const creditCode = withCheckChar(`91410100MA${String(serial).padStart(7, '0')}`);
      const headcount = above ? r.int(120, 1500) : r.int(8, 110);
      const resumption = r.next() < 0.8 ? (r.next() < 0.5 ? 'full_capacity' : 'resumed') : 'not_resumed';
      const returned =
        resumption === 'full_capacity'
          ? headcount
          : resumption === 'resumed'
            ? Math.round(headcount * (0.5 + r.next() * 0.45))
            : r.int(0, Math.round(headcount * 0.3));
      const [startResumption, startReturned] = startFigures(resumption, returned);
      // the draws in the order the columns were written before (the demo world stays the same)
      const address = `${townName}${r.pick(['工业园区', '产业集聚区', '经济开发区'])}${r.int(1, 99)}号`;
      const contactName = person();
      const contactPhone = `13${r.int(100000000, 999999999)}`;
      const id = await insertDemoEnterprise(m, {
        name,
        creditCode,
        scale: above ? 'above' : 'below',
        industry,
        unitId,
        townId,
        address,
        contactName,
        contactPhone,
        key: above && r.next() < 0.3,
        resumption: startResumption,
        headcount,
        returnedHeadcount: startReturned,
      });
      enterprises.push({ id, town: townId, final: { resumption, returned } });
    };
    const guodian = towns[0];
    for (let i = 0; i < 83 + 828; i++) {
      const grid = r.next() < 0.4 ? units[`grid${r.int(0, 3)}`] : guodian.id;
      await addEnterprise(guodian.id, grid, guodian.name, i < 83);
    }
    for (const t of towns.slice(1))
      for (let i = 0; i < 30; i++) await addEnterprise(t.id, t.id, t.name, i < 5);

    // instructors, each covering 8–10 enterprises of one town
    const instructors: { id: string; username: string; town: string }[] = [];
    let k = 0;
    for (const t of towns) {
      const list = enterprises.filter((e) => e.town === t.id);
      for (let i = 0; i < list.length;) {
        const size = r.int(8, 10);
        k++;
        const username = k === 1 ? 'zhidao' : `zhidao${String(k).padStart(3, '0')}`;
        const id = await addUser(
          username,
          `驻厂指导员·${person()}`,
          'instructor',
          t.id,
          `139${String(k).padStart(8, '0')}`,
        );
        instructors.push({ id, username, town: t.id });
        for (const e of list.slice(i, i + size)) {
          await insertDemoInstructor(m, e.id, id);
        }
        i += size;
      }
    }
    return { units, users, towns, instructors, enterprises };
  });
  await seedVisits(ds, world.enterprises, now);

  // cases, through the real service
  const cases = app.get(CasesService);
  const userRow = async (id: string): Promise<AuthUser> => {
    const u = await loadDemoActor(ds, id);
    if (!u) throw new Error(`demo data: no user ${id}`);
    return u;
  };
  const officerOf = async (unitId: string): Promise<AuthUser> => {
    const id = await firstOfficerOf(ds, unitId);
    if (!id) throw new Error(`demo data: no coordinator or officer in unit ${unitId}`);
    return userRow(id);
  };
  const total = opts.cases ?? 320;
  const plans: CaseAction[][] = [
    [],
    ['assign'],
    ['escalate'],
    ['escalate', 'accept'],
    ['escalate', 'accept', 'escalate'],
    ['assign', 'resolve'],
    ['assign', 'resolve', 'confirm'],
    ['escalate', 'accept', 'resolve', 'confirm'],
    ['cancel'],
    ['assign', 'resolve', 'reopen'],
    ['escalate', 'return'],
  ];
  const weights = [14, 14, 9, 8, 3, 12, 24, 8, 3, 2, 3];
  const mine = (inst: { id: string }) => enterprisesOfInstructor(ds, inst.id);
  let made = 0;
  for (let i = 0; i < total; i++) {
    // 70% of the cases are in 郭店镇, the rest spread over the other towns
    const inGuodian = r.next() < 0.7;
    const pool = world.instructors.filter((x) =>
      inGuodian ? x.town === world.towns[0]?.id : x.town !== world.towns[0]?.id,
    );
    const inst = r.pick(pool);
    const instructor = await userRow(inst.id);
    const enterpriseId = r.pick(await mine(inst));
    const category = r.pick(categories);
    const title = r.pick(TITLES[category]).replace('{n}', String(r.int(3, 60)));
    let roll = r.next() * weights.reduce((a, b) => a + b, 0);
    let plan = plans[0];
    for (const [pi, w] of weights.entries()) {
      if ((roll -= w) < 0) {
        plan = plans[pi];
        break;
      }
    }
    // spread over the last 30 days (cases still with the town: the last 40 hours); later steps follow within hours
    const stillAtTown = plan.length <= 1 && plan[0] !== 'escalate' && plan[0] !== 'cancel';
    let t = new Date(now.getTime() - (stillAtTown ? r.int(1, 40) : r.int(2, 30 * 24)) * 3600_000);
    let c: CaseDto = await cases.create(
      instructor,
      {
        enterpriseId,
        categoryCode: category,
        title,
        description: `${title}。企业已自行协调，仍需帮助解决。`,
        priority: r.next() < 0.15 ? 'urgent' : 'normal',
      },
      'demo',
      t,
    );
    for (const action of plan) {
      t = new Date(Math.min(now.getTime() - 60_000, t.getTime() + r.int(1, 20) * 3600_000));
      const holder =
        action === 'confirm' || action === 'reopen' || action === 'cancel'
          ? instructor
          : await officerOf(c.unitId);
      try {
        c = await cases.act(
          holder,
          c.id,
          {
            action,
            version: c.version,
            assigneeId: action === 'assign' ? holder.id : undefined,
            reason:
              action === 'escalate'
                ? '本级无法协调解决，提请上级部门协助'
                : action === 'return'
                  ? '不属于本部门职责，退回重新研判'
                  : action === 'reopen'
                    ? '企业反映问题未彻底解决'
                    : action === 'cancel'
                      ? '与已登记问题重复'
                      : undefined,
            resolution: action === 'resolve' ? '已协调相关部门解决，企业已恢复正常生产' : undefined,
            // mostly good ratings, some middling and a few poor ones, as enterprises answer
            rating:
              action === 'confirm'
                ? ratingOf(r.next())
                : action === 'reopen' && r.next() < 0.5
                  ? r.int(1, 2)
                  : undefined,
          },
          'demo',
          t,
        );
      } catch (err) {
        logger.warn(`demo case ${c.ledgerNo}: ${action} refused: ${(err as Error).message}`);
        break;
      }
    }
    made++;
  }
  // 共性问题 (issue 15): several 郭店镇 enterprises with the same problem, grouped by the town's coordinator —
  // one left open (for the similar-case suggestions), one escalated at once, one resolved at once.
  const commonProblems = app.get(CommonProblemsService);
  const coordinator = await userRow(world.users['coordinator']);
  const guodianInstructors = world.instructors.filter((x) => x.town === world.towns[0]?.id);
  const groups: {
    title: string;
    category: string;
    titles: string[];
    then: ('assign' | 'resolve' | 'escalate')[];
  }[] = [
    {
      title: '郭店镇多家企业普工返岗不足',
      category: 'labor',
      titles: [
        '返岗员工不足，急需招聘普工',
        '员工返岗不足，生产线缺普工',
        '普工返岗不足，缺口{n}人',
        '返岗员工不足，急需招聘普工{n}名',
        '一线普工返岗不足，订单无法按期交付',
        '返岗员工不足，普工缺口大',
      ],
      then: [],
    },
    {
      title: '原材料运输车辆通行证办理难',
      category: 'transport',
      titles: [
        '原材料运输车辆通行证办理困难',
        '运输车辆通行证难办，原料运不进厂',
        '货车通行证办理困难，原材料无法运输',
        '原材料运输车辆无通行证',
      ],
      then: ['escalate'],
    },
    {
      title: '防疫物资（口罩、额温枪）短缺',
      category: 'supplies',
      titles: [
        '口罩、额温枪等防疫物资短缺',
        '防疫物资短缺，缺口罩和额温枪',
        '口罩储备不足，防疫物资短缺',
        '额温枪、口罩等防疫物资采购困难',
        '防疫物资不足，口罩短缺',
      ],
      then: ['assign', 'resolve'],
    },
  ];
  let grouped = 0;
  for (const [gi, g] of groups.entries()) {
    const ids: string[] = [];
    for (const [i, t] of g.titles.entries()) {
      const inst = guodianInstructors[(gi * 7 + i * 3) % guodianInstructors.length];
      const instructor = await userRow(inst.id);
      const enterpriseId = (await mine(inst))[0];
      const title = t.replace('{n}', String(r.int(10, 60)));
      const at = new Date(now.getTime() - r.int(2, 36) * 3600_000);
      const c = await cases.create(
        instructor,
        {
          enterpriseId,
          categoryCode: g.category,
          title,
          description: `${title}。企业已自行协调，仍需帮助解决。`,
        },
        'demo',
        at,
      );
      ids.push(c.id);
    }
    try {
      const group = await commonProblems.create(
        coordinator,
        { title: g.title, caseIds: ids },
        new Date(now.getTime() - 3600_000),
      );
      for (const action of g.then) {
        await commonProblems.act(
          coordinator,
          group.id,
          {
            action,
            assigneeId: action === 'assign' ? coordinator.id : undefined,
            reason:
              action === 'escalate' ? '多家企业同一问题，镇级无法统一协调，提请县交通运输局协助' : undefined,
            resolution:
              action === 'resolve' ? '镇专班统一联系供应商集中采购，已为各企业配齐口罩和额温枪' : undefined,
          },
          'demo',
          new Date(now.getTime() - (action === 'resolve' ? 30 : 50) * 60_000),
        );
      }
      grouped++;
    } catch (err) {
      logger.warn(`demo common problem ${g.title}: ${(err as Error).message}`);
    }
  }
  logger.log(`Demo common problems: ${grouped}`);
  logger.log(
    `Demo world loaded: ${world.towns.length} towns, ${world.instructors.length} instructors, ${made} cases`,
  );
  return true;
}

/** A demo rating from a uniform draw: 5 (55 %), 4 (27 %), 3 (10 %), 2 (5 %), 1 (3 %). */
function ratingOf(u: number): number {
  return u < 0.55 ? 5 : u < 0.82 ? 4 : u < 0.92 ? 3 : u < 0.97 ? 2 : 1;
}

// ---------------------------------------------------------------- visits (走访) and resumption (复工复产)
type Figures = { resumption: string; returned: number };
/** Its own random numbers, so the cases drawn above stay as they were. */
const rv = rng(1520);
/**
 * What the directory said five weeks ago: a quarter of the enterprises already at today's figures, the others
 * not yet resumed with a tenth of today's staff back (the visits of the last four weeks bring today's figures).
 */
function startFigures(resumption: string, returned: number): [string, number] {
  if (resumption === 'not_resumed' || rv.next() < 0.25) return [resumption, returned];
  return ['not_resumed', Math.floor(returned * 0.1)];
}

const VISIT_NOTES = [
  '企业生产经营正常，无新增困难',
  '了解用工情况，员工陆续返岗',
  '检查防疫措施落实情况，企业已落实到位',
  '宣讲惠企政策，企业表示将申报稳岗补贴',
  '企业反映原材料供应偏紧，已记录',
  '订单恢复，计划增开生产线',
  '协调物流通行证办理进度',
];

/**
 * Visits over the last four weeks: every enterprise whose figures moved since the directory was drawn up
 * got the visit that moved them; most others one to three visits; about one in seven never visited. One
 * transaction per day, its clock set to that day, so the resumption trend rises as it did.
 */
async function seedVisits(
  ds: DataSource,
  enterprises: { id: string; final?: Figures }[],
  now: Date,
): Promise<void> {
  const DAY = 86_400_000;
  const rows = await enterprisesWithInstructor(ds);
  const current = new Map(rows.map((x) => [x.enterprise_id, x]));
  const byDay = new Map<number, BulkVisit[]>();
  const add = (day: number, v: Omit<BulkVisit, 'visitedAt' | 'note' | 'problemsRaised'>) => {
    const list = byDay.get(day) ?? [];
    if (list.some((x) => x.enterpriseId === v.enterpriseId)) return;
    const raised = rv.next() < 0.2 ? rv.int(1, 3) : 0;
    list.push({
      ...v,
      visitedAt: new Date(now.getTime() - day * DAY - rv.int(1, 8) * 3_600_000),
      note: rv.pick(VISIT_NOTES),
      problemsRaised: raised,
    });
    byDay.set(day, list);
  };
  for (const e of enterprises) {
    const c = current.get(e.id);
    if (!c || !e.final) continue;
    const moves = c.resumption !== e.final.resumption || Number(c.returned_headcount) !== e.final.returned;
    if (moves) {
      const day = rv.int(1, 28);
      add(day, {
        enterpriseId: e.id,
        visitorId: c.user_id,
        resumption: e.final.resumption,
        returnedHeadcount: e.final.returned,
      });
      for (let i = rv.int(0, 2); i > 0; i--) {
        const other = rv.int(0, 29);
        // a visit after the one that moved the figures reports them again; one before reports nothing
        const after = other < day;
        add(other, {
          enterpriseId: e.id,
          visitorId: c.user_id,
          resumption: after ? e.final.resumption : null,
          returnedHeadcount: after ? e.final.returned : null,
        });
      }
    } else if (rv.next() > 0.15) {
      for (let i = rv.int(1, 3); i > 0; i--)
        add(rv.int(0, 29), {
          enterpriseId: e.id,
          visitorId: c.user_id,
          resumption: null,
          returnedHeadcount: null,
        });
    }
  }
  for (const day of [...byDay.keys()].sort((a, b) => b - a)) {
    await ds.transaction(async (m) => {
      await setResumptionClock(m, new Date(now.getTime() - day * DAY));
      await insertVisitsBulk(m, byDay.get(day) as BulkVisit[]);
    });
  }
}
