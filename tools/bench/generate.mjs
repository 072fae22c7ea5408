// The data set, county (1 city, 3 counties, 60 towns) or province world (18 cities, 160 counties, 2,500
// towns): bureaus at county and city level with routing rules, users, enterprises and cases with their events and hops, spread over 12 months, states,
// categories and levels — loaded with COPY. Deterministic for a seed: case i is rebuilt from its own
// random stream in every pass (cases, events, hops), so nothing big is held in memory.
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { copyIn, chunks, field } from './pg-copy.mjs';

export const BENCH_CITY_CODE = 'BENCH';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const weighted = (r, entries) => {
  let u = r() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of entries) if ((u -= w) < 0) return v;
  return entries[entries.length - 1][0];
};
const uuid = (kind, i) => `${kind}0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
/** Shanghai-local calendar year (ledger numbers) and end of the local day (town respond-by). */
const localYear = (t) => new Date(t + 8 * HOUR).getUTCFullYear();
const endOfLocalDay = (t) => Math.floor((t + 8 * HOUR) / DAY) * DAY + DAY - 8 * HOUR - 1000;

// ---------------------------------------------------------------- the world
const CATEGORIES = ['labor', 'transport', 'funding', 'supplies', 'sales', 'land', 'policy', 'other'];
// policy is exactly every tenth case (the export measurement filters on it: 100,000 of 1,000,000)
const OTHER_CATEGORIES = [
  ['labor', 30],
  ['transport', 18],
  ['funding', 15],
  ['supplies', 12],
  ['sales', 8],
  ['land', 5],
  ['other', 2],
];
const BUREAUS = [
  ['RS', '人力资源和社会保障局', ['labor', 'policy']],
  ['JT', '交通运输局', ['transport']],
  ['JR', '地方金融监督管理局', ['funding']],
  ['SW', '商务局', ['supplies', 'sales']],
  ['ZR', '自然资源和规划局', ['land']],
  ['GX', '工业和信息化局', ['other']],
];
const COUNTIES = ['东城县', '西山县', '南湖区'];
const TOWN_A = [
  '柳',
  '石',
  '河',
  '桥',
  '李',
  '王',
  '新',
  '安',
  '白',
  '青',
  '黄',
  '高',
  '龙',
  '杨',
  '马',
  '田',
  '枫',
  '梅',
  '竹',
  '松',
];
const TOWN_B = ['集镇', '桥镇', '湾街道'];
const ENT_A = [
  '宏达',
  '恒信',
  '金源',
  '华盛',
  '永兴',
  '鑫达',
  '瑞丰',
  '新创',
  '东方',
  '中联',
  '天润',
  '博远',
  '嘉禾',
  '远航',
  '立信',
  '众诚',
  '汇通',
  '长城',
  '振华',
  '康宁',
];
const ENT_B = [
  '机械',
  '纺织',
  '电子',
  '食品',
  '化工',
  '物流',
  '建材',
  '服饰',
  '家具',
  '塑业',
  '五金',
  '医药',
  '包装',
  '汽配',
  '光电',
  '印务',
];
const ENT_C = ['有限公司', '股份有限公司', '制造有限公司', '科技有限公司'];
const INDUSTRIES = ['制造业', '批发零售', '交通运输', '建筑业', '食品加工', '纺织服装', '电子信息'];
const TITLES = {
  labor: [
    '春节后返岗员工不足，缺少熟练焊工{n}名',
    '订单恢复急需普工{n}名，招工困难',
    '外地员工返岗需要包车接送{n}人',
    '员工宿舍不足，{n}名新员工无法入住',
  ],
  transport: [
    '原材料运输车辆通行证办理',
    '物流停运，{n}吨成品无法发出',
    '货车司机返岗需要健康证明',
    '高速卡口通行受阻，请求协调',
  ],
  funding: [
    '流动资金紧张，申请贷款{n}万元',
    '社保缓缴政策咨询',
    '贷款到期需续贷{n}万元',
    '应收账款{n}万元无法回收',
  ],
  supplies: ['口罩等防疫物资缺口{n}箱', '原材料供应中断，需协调上游企业', '消毒用品采购困难', '电力增容申请'],
  sales: [
    '产品积压{n}吨，请求对接销售渠道',
    '出口订单取消，需开拓国内市场',
    '展会取消，请求线上推介',
    '农产品滞销{n}吨',
  ],
  land: ['扩建用地审批进度慢', '厂房建设规划许可办理', '环评审批需加快', '土地证办理问题'],
  policy: ['稳岗补贴申请流程咨询', '减免租金政策落实', '税费减免政策咨询', '用电价格优惠政策落实'],
  other: ['企业复工备案材料咨询', '厂区周边道路施工影响通行', '员工子女入学问题', '网络通信故障影响生产'],
};
const RESOLUTIONS = [
  '已协调解决',
  '已对接相关部门办结',
  '已落实政策，企业满意',
  '已联系供应商恢复供货',
  '已组织专场招聘会',
];

/** Week-of-year weight: the weeks after the Spring Festival (Feb–Mar) bring most problems. */
function seasonWeight(t) {
  const m = new Date(t + 8 * HOUR).getUTCMonth();
  return m === 1 || m === 2 ? 2 : m === 3 ? 1.4 : 1;
}

/** GB 32100-2015 check character of an 18-character unified social credit code. */
function creditCode(i) {
  const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `913201${String(i).padStart(8, '0')}MA${'0'}`.slice(0, 17);
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += CH.indexOf(body[k]) * W[k];
  return body + CH[(31 - (sum % 31)) % 31];
}

/** Henan's 18 prefecture-level cities (the province world): a city is the top unit (the model has no province level). */
const CITIES = [
  '郑州市',
  '开封市',
  '洛阳市',
  '平顶山市',
  '安阳市',
  '鹤壁市',
  '新乡市',
  '焦作市',
  '濮阳市',
  '许昌市',
  '漯河市',
  '三门峡市',
  '南阳市',
  '商丘市',
  '信阳市',
  '周口市',
  '驻马店市',
  '济源市',
];
export const PROVINCE_COUNTIES = 160;
export const PROVINCE_TOWNS = 2_500;

/**
 * The world: `county` (1 city `BENCH`, 3 counties, 60 towns) or `province` (18 cities `BENCH`, `BENCH02`…`BENCH18`
 * as roots, 160 counties `BK1`…`BK160` spread over them, 2,500 towns `BK<k>T<nn>` spread over the counties,
 * 15–16 each). Bureaus at every county and city, staff, enterprises spread over the towns.
 */
export function makeWorld({ enterprises, world: shape = 'county' }) {
  const units = [];
  const unit = (i, code, name, kind, parentId, cats = []) => {
    const u = { id: uuid('d', i), code, name, kind, parentId, cats };
    units.push(u);
    return u;
  };
  let n = 1;
  const cities = [];
  const counties = [];
  const towns = [];
  const town = (c, k, t) =>
    towns.push(
      unit(
        n++,
        `BK${k + 1}T${String(t + 1).padStart(2, '0')}`,
        `${c.name}${TOWN_A[t]}${TOWN_B[(t + k) % 3]}`,
        'town',
        c.id,
      ),
    );
  if (shape === 'province') {
    CITIES.forEach((name, k) =>
      cities.push(
        unit(
          n++,
          k === 0 ? BENCH_CITY_CODE : `${BENCH_CITY_CODE}${String(k + 1).padStart(2, '0')}`,
          name,
          'city',
          null,
        ),
      ),
    );
    // counties in city order (BK1… are the first city's), so the first county is under the city `BENCH`
    for (let k = 0; k < PROVINCE_COUNTIES; k++) {
      const city = cities[Math.floor((k * cities.length) / PROVINCE_COUNTIES)];
      const name = `${city.name.slice(0, 2)}${TOWN_A[k % TOWN_A.length]}${TOWN_A[Math.floor(k / TOWN_A.length) % TOWN_A.length]}${k % 3 === 2 ? '区' : '县'}`;
      counties.push(unit(n++, `BK${k + 1}`, name, 'county', city.id));
    }
    counties.forEach((c, k) => {
      const from = Math.floor((k * PROVINCE_TOWNS) / PROVINCE_COUNTIES);
      const to = Math.floor(((k + 1) * PROVINCE_TOWNS) / PROVINCE_COUNTIES);
      for (let t = 0; t < to - from; t++) town(c, k, t);
    });
  } else {
    cities.push(unit(n++, BENCH_CITY_CODE, '清河市', 'city', null));
    COUNTIES.forEach((name, k) => counties.push(unit(n++, `BK${k + 1}`, name, 'county', cities[0].id)));
    counties.forEach((c, k) => {
      for (let t = 0; t < 20; t++) town(c, k, t);
    });
  }
  const city = cities[0];
  const byId = new Map(units.map((u) => [u.id, u]));
  /** town → its county and city (a case's scope). */
  const countyOf = new Map(towns.map((t) => [t.id, byId.get(t.parentId)]));
  const cityOf = new Map(towns.map((t) => [t.id, byId.get(byId.get(t.parentId).parentId)]));
  const bureaus = new Map(); // `${parentId}|${category}` → bureau
  for (const parent of [...cities, ...counties]) {
    for (const [code, name, cats] of BUREAUS) {
      const b = unit(n++, `${parent.code}-${code}`, `${parent.name}${name}`, 'bureau', parent.id, cats);
      for (const c of cats) bureaus.set(`${parent.id}|${c}`, b);
    }
  }
  const users = [];
  let un = 1;
  const user = (username, name, role, unitId) => {
    const u = { id: uuid('a', un++), username, name, role, unitId };
    users.push(u);
    return u;
  };
  const staff = new Map(); // unit id → { coordinator|officer, manager, instructors[] }
  for (const t of towns) {
    staff.set(t.id, {
      coordinator: user(`bench_${t.code}_coord`, `${t.name}专班`, 'coordinator', t.id),
      manager: user(`bench_${t.code}_mgr`, `${t.name}领导`, 'manager', t.id),
      instructors: Array.from({ length: 10 }, (_, k) =>
        user(`bench_${t.code}_ins${k}`, `${t.name}指导员${k + 1}`, 'instructor', t.id),
      ),
    });
  }
  for (const b of new Set(bureaus.values()))
    staff.set(b.id, { officer: user(`bench_${b.code}_officer`, `${b.name}办事员`, 'bureau_officer', b.id) });
  for (const c of [...cities, ...counties])
    staff.set(c.id, { manager: user(`bench_${c.code}_mgr`, `${c.name}领导`, 'manager', c.id) });
  const ents = [];
  for (let i = 0; i < enterprises; i++) {
    const r = mulberry32(0x5eed ^ (i * 2654435761));
    const town = towns[i % towns.length];
    ents.push({
      id: uuid('e', i + 1),
      name: `${town.name.slice(0, 2)}${pick(r, ENT_A)}${pick(r, ENT_B)}${pick(r, ENT_C)}`,
      creditCode: creditCode(i + 1),
      scale: r() < 0.1 ? 'above' : 'below',
      industry: pick(r, INDUSTRIES),
      town,
      key: r() < 0.05,
      instructor: staff.get(town.id).instructors[Math.floor(i / towns.length) % 10],
      headcount: 10 + Math.floor(r() * 500),
    });
  }
  return { shape, city, cities, counties, towns, countyOf, cityOf, bureaus, units, users, staff, ents };
}

// ---------------------------------------------------------------- one case, rebuilt from its index
function caseDraws(i, seed, ents, now) {
  const r = mulberry32(seed ^ Math.imul(i + 1, 2654435761));
  // skewed: some enterprises have many problems, most a few
  const ent = ents[Math.floor(ents.length * Math.pow(r(), 1.5))];
  let openedAt;
  for (;;) {
    const t = now - r() * 365 * DAY;
    if (r() * 2 < seasonWeight(t)) {
      openedAt = Math.floor(t / 1000) * 1000 + Math.floor(r() * 1000);
      break;
    }
  }
  return { r, ent, openedAt };
}

function buildCase(i, seq, world, seed, now) {
  const { r, ent, openedAt } = caseDraws(i, seed, world.ents, now);
  const town = ent.town;
  const county = world.countyOf.get(town.id);
  const city = world.cityOf.get(town.id);
  const category = i % 10 === 3 ? 'policy' : weighted(r, OTHER_CATEGORIES);
  const urgent = ent.key || r() < 0.1;
  const priority = ent.key ? 'normal' : urgent ? 'urgent' : 'normal';
  const half = urgent ? 0.5 : 1;
  const ageH = (now - openedAt) / HOUR;
  const townStaff = world.staff.get(town.id);
  const events = [];
  const hops = [];
  const ev = (type, at, from, to, fromUnit, toUnit, actorId, reason = null, payload = {}) =>
    events.push({ type, at, from, to, fromUnit, toUnit, actorId, reason, payload });

  const respondBy0 = endOfLocalDay(openedAt);
  const resolveBy0 = openedAt + 72 * HOUR * half;
  ev('open', openedAt, null, 'open', null, town.id, ent.instructor.id, null, {
    respondBy: new Date(respondBy0).toISOString(),
    resolveBy: new Date(resolveBy0).toISOString(),
  });

  const pendingP = ageH < 24 ? 0.75 : ageH < 72 ? 0.4 : ageH < 240 ? 0.08 : 0.012;
  const cancelled = ageH > 2 && r() < 0.025;
  const pending = !cancelled && r() < pendingP;
  let level = 0;
  let unitId = town.id;
  let status = 'open';
  let assigneeId = null;
  let respondBy = respondBy0;
  let resolveBy = resolveBy0;
  let overdue = false;
  let resolvedAt = null;
  let closedAt = null;
  let satisfied = null;
  let rating = null;
  let resolution = null;
  let arrived = openedAt;
  let t = openedAt;
  hops.push({ unitId: town.id, level: 0, arrivedAt: openedAt, leftAt: null });

  const end = pending
    ? now - 60_000
    : openedAt + Math.min(ageH * HOUR * 0.95, HOUR * Math.exp(Math.log(18) + r() * 1.6 - 0.4));
  const assignAt = Math.min(openedAt + HOUR * (0.2 + r() * 3), (openedAt + end) / 2);
  if (!(pending && ageH < 4 && r() < 0.6)) {
    ev('assign', assignAt, 'open', 'in_progress', town.id, town.id, townStaff.coordinator.id, null, {
      assigneeId: townStaff.coordinator.id,
    });
    status = 'in_progress';
    assigneeId = townStaff.coordinator.id;
    t = assignAt;
  }
  // how far up: a pending case older than the town's resolve-by has been escalated; others sometimes
  const mustClimb = pending && now >= resolveBy0;
  let climb = mustClimb || r() < 0.12 ? (r() < 0.2 ? 2 : 1) : 0;
  if (cancelled) climb = 0;
  for (let lv = 1; lv <= climb; lv++) {
    const over = lv === 1 ? county : city;
    const bureau = world.bureaus.get(`${over.id}|${category}`);
    // escalated before the previous unit's resolve-by (or by the system right at it)
    const span = Math.max(60_000, Math.min(resolveBy, end) - t);
    const system = r() < 0.3;
    const at = system ? Math.min(resolveBy, t + span * 0.9) : t + span * (0.3 + r() * 0.5);
    if (system) {
      ev('overdue', at, status, status, unitId, unitId, null, '办结超时 (resolve-by passed)', {
        overdue: true,
        deadline: 'resolve',
      });
      overdue = true;
    }
    const respond = at + 24 * HOUR * half;
    const resolve = at + 7 * 24 * HOUR * half;
    ev(
      'escalate',
      at,
      status,
      'escalated',
      unitId,
      bureau.id,
      system ? null : lv === 1 ? townStaff.coordinator.id : world.staff.get(unitId).officer.id,
      system ? '乡镇办结时限已过，系统自动上报' : '超出本级职权，请求上级部门协调',
      { respondBy: new Date(respond).toISOString(), resolveBy: new Date(resolve).toISOString() },
    );
    hops[hops.length - 1].leftAt = at;
    hops.push({ unitId: bureau.id, level: lv, arrivedAt: at, leftAt: null });
    level = lv;
    unitId = bureau.id;
    status = 'escalated';
    assigneeId = null;
    respondBy = respond;
    resolveBy = resolve;
    overdue = false;
    arrived = at;
    t = at;
    const acceptAt = at + HOUR * (0.5 + r() * 20);
    if (acceptAt < end && !(pending && lv === climb && r() < 0.3)) {
      const officer = world.staff.get(bureau.id).officer.id;
      ev('accept', acceptAt, 'escalated', 'in_progress', bureau.id, bureau.id, officer);
      status = 'in_progress';
      assigneeId = officer;
      t = acceptAt;
    }
  }
  void arrived;
  if (cancelled) {
    const at = Math.min(now - 60_000, openedAt + HOUR * (1 + r() * 20));
    ev('cancel', at, status, 'cancelled', unitId, unitId, townStaff.coordinator.id, '重复登记 (duplicate)');
    status = 'cancelled';
    hops[hops.length - 1].leftAt = at;
    t = at;
  } else if (!pending) {
    resolvedAt = Math.max(t + 60_000, end);
    if (resolvedAt > now - 60_000) resolvedAt = now - 60_000;
    if (resolvedAt > resolveBy && !overdue) {
      ev('overdue', resolveBy, status, status, unitId, unitId, null, '办结超时 (resolve-by passed)', {
        overdue: true,
        deadline: 'resolve',
      });
      overdue = true;
    }
    resolution = pick(r, RESOLUTIONS);
    ev(
      'resolve',
      resolvedAt,
      status,
      'resolved',
      unitId,
      unitId,
      assigneeId ?? townStaff.coordinator.id,
      null,
      { resolution },
    );
    status = 'resolved';
    t = resolvedAt;
    const confirmAt = resolvedAt + HOUR * (1 + r() * 40);
    if (confirmAt < now - 60_000 && r() < 0.96) {
      const u = r();
      rating = u < 0.55 ? 5 : u < 0.85 ? 4 : u < 0.95 ? 3 : 2;
      satisfied = rating >= 4;
      ev('confirm', confirmAt, 'resolved', 'closed', unitId, unitId, ent.instructor.id, null, {
        satisfied,
        rating,
        ratingComment: null,
        confirmedBy: 'staff',
        comment: null,
      });
      status = 'closed';
      closedAt = confirmAt;
      hops[hops.length - 1].leftAt = confirmAt;
      t = confirmAt;
    }
  } else {
    // still pending: a deadline already passed is marked (the worker would have), so the data has none left to sweep
    const respondMissed = (status === 'open' || status === 'escalated') && respondBy < now;
    const resolveMissed = resolveBy < now;
    if ((respondMissed || resolveMissed) && !overdue) {
      const which = respondMissed && respondBy <= resolveBy ? 'respond' : 'resolve';
      ev(
        'overdue',
        which === 'respond' ? respondBy : resolveBy,
        status,
        status,
        unitId,
        unitId,
        null,
        which === 'respond' ? '首次响应超时 (respond-by passed)' : '办结超时 (resolve-by passed)',
        {
          overdue: true,
          deadline: which,
        },
      );
      overdue = true;
    }
  }
  const titleT = pick(r, TITLES[category]);
  const title = titleT.replace('{n}', String(2 + Math.floor(r() * 80)));
  const year = localYear(openedAt);
  return {
    id: uuid('c', i + 1),
    ledgerNo: `${town.code}-${year}-${String(seq).padStart(4, '0')}`,
    ent,
    category,
    title,
    description: `${ent.name}反映：${title}。请相关部门协调解决。`,
    priority,
    status,
    level,
    unitId,
    town,
    county,
    city,
    assigneeId,
    respondBy: status === 'in_progress' && level === 0 ? respondBy0 : respondBy,
    resolveBy,
    overdue,
    resolution,
    satisfied,
    rating,
    openedById: ent.instructor.id,
    openedAt,
    resolvedAt,
    closedAt,
    updatedAt: events[events.length - 1].at,
    version: events.length,
    events: events.sort((a, b) => a.at - b.at),
    hops,
  };
}

const iso = (t) => (t == null ? null : new Date(t).toISOString());
const CASE_COLUMNS = [
  'id',
  'ledger_no',
  'enterprise_id',
  'category_code',
  'title',
  'description',
  'priority',
  'status',
  'level',
  'unit_id',
  'town_id',
  'county_id',
  'city_id',
  'assignee_id',
  'respond_by',
  'resolve_by',
  'overdue',
  'resolution',
  'satisfied',
  'rating',
  'confirmed_by',
  'opened_by_id',
  'opened_at',
  'resolved_at',
  'closed_at',
  'updated_at',
  'version',
];
const EVENT_COLUMNS = [
  'case_id',
  'type',
  'actor_id',
  'at',
  'from_status',
  'to_status',
  'from_unit_id',
  'to_unit_id',
  'reason',
  'payload',
];
const HOP_COLUMNS = ['case_id', 'unit_id', 'level', 'arrived_at', 'left_at'];

/**
 * COPY into several tables at once from one pass over `items`: `targets` are [table, columns, rowsOf(item)];
 * the first goes over `client`, each other over a connection of its own from `connect()`. Each table's rows
 * are batched into ~1 MB text chunks and handed to its COPY with back-pressure. Answers the row counts.
 */
async function copyTogether(client, connect, targets, items) {
  const extra = [];
  try {
    for (let k = 1; k < targets.length; k++) {
      const c = await connect();
      extra.push(c);
      await c.query(`SET synchronous_commit = off`);
    }
    const streams = targets.map(() => new PassThrough({ objectMode: true, highWaterMark: 4 }));
    // a destroyed stream's error reaches the caller through its COPY's promise, not as an unhandled event
    for (const st of streams) st.on('error', () => undefined);
    const copies = targets.map(([table, columns], k) =>
      copyIn(k === 0 ? client : extra[k - 1], table, columns, streams[k]),
    );
    // a refused COPY stops the others (and this pass, waiting for room in its stream)
    copies.forEach((p) => p.catch((err) => streams.forEach((s) => s.destroy(err))));
    const bufs = targets.map(() => '');
    const send = async (k) => {
      if (!streams[k].write(bufs[k])) await once(streams[k], 'drain');
      bufs[k] = '';
    };
    for (const item of items()) {
      for (let k = 0; k < targets.length; k++) {
        for (const r of targets[k][2](item)) bufs[k] += r.map(field).join('\t') + '\n';
        if (bufs[k].length > 1 << 20) await send(k);
      }
    }
    for (let k = 0; k < targets.length; k++) {
      if (bufs[k]) await send(k);
      streams[k].end();
    }
    return await Promise.all(copies);
  } finally {
    for (const c of extra) await c.end().catch(() => undefined);
  }
}

/** Load the world and `cases` cases into an empty (migrated) database. Answers counts and seconds per phase. */
export async function generate(
  client,
  {
    cases: N,
    enterprises = 50_000,
    world: shape = 'county',
    seed = 20_260_101,
    log = () => undefined,
    /** Opens another connection to the same database: big loads then copy cases, events and hops at once. */
    connect = null,
  },
) {
  const t0 = Date.now();
  const now = Date.now();
  const world = makeWorld({ enterprises, world: shape });
  const phases = {};
  const mark = (name, since) => (phases[name] = Math.round((Date.now() - since) / 100) / 10);

  // reference data: one statement each (the province world has 3,746 units and 1,424 routing rules)
  let ts = Date.now();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO units (id, code, name, kind, parent_id, category_codes)
     SELECT x.id, x.code, x.name, x.kind, x.parent_id, ARRAY(SELECT jsonb_array_elements_text(x.cats))
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, code text, name text, kind text, parent_id uuid, cats jsonb)`,
    [
      JSON.stringify(
        world.units.map((u) => ({
          id: u.id,
          code: u.code,
          name: u.name,
          kind: u.kind,
          parent_id: u.parentId,
          cats: u.cats,
        })),
      ),
    ],
  );
  await client.query(
    `INSERT INTO routing_rules (category_code, unit_id, bureau_id)
     SELECT x.category_code, x.unit_id, x.bureau_id FROM jsonb_to_recordset($1::jsonb) AS x(category_code text, unit_id uuid, bureau_id uuid)
     ON CONFLICT DO NOTHING`,
    [
      JSON.stringify(
        [...world.bureaus].map(([key, b]) => {
          const [over, cat] = key.split('|');
          return { category_code: cat, unit_id: over, bureau_id: b.id };
        }),
      ),
    ],
  );
  await client.query('COMMIT');
  await copyIn(
    client,
    'users',
    ['id', 'username', 'display_name', 'role', 'unit_id', 'password_hash'],
    chunks(world.users.map((u) => [u.id, u.username, u.name, u.role, u.unitId, 'bench: no sign-in'])),
  );
  await copyIn(
    client,
    'enterprises',
    [
      'id',
      'name',
      'credit_code',
      'scale',
      'industry',
      'unit_id',
      'town_id',
      'address',
      'contact_name',
      'contact_phone',
      'key',
      'resumption',
      'headcount',
      'returned_headcount',
    ],
    chunks(
      world.ents.map((e, i) => [
        e.id,
        e.name,
        e.creditCode,
        e.scale,
        e.industry,
        e.town.id,
        e.town.id,
        `${e.town.name}工业园${(i % 200) + 1}号`,
        '联系人',
        `1380000${String(i % 10000).padStart(4, '0')}`,
        e.key,
        i % 7 === 0 ? 'resumed' : 'full_capacity',
        e.headcount,
        Math.floor(e.headcount * 0.9),
      ]),
    ),
  );
  // one COPY, then one recount: the table's statement trigger (recount_instructor_assignments, issue 15) takes
  // one advisory lock per distinct instructor, and the province world's 25,000 in one statement overflow
  // PostgreSQL's lock table ("out of shared memory"); the recount of all (NULL) locks the table instead
  const { rows: recount } = await client.query(
    `SELECT 1 FROM pg_trigger WHERE tgname = 'enterprise_instructors_assignments_ins' AND tgrelid = 'enterprise_instructors'::regclass`,
  );
  if (recount.length)
    await client.query(
      `ALTER TABLE enterprise_instructors DISABLE TRIGGER enterprise_instructors_assignments_ins`,
    );
  try {
    await copyIn(
      client,
      'enterprise_instructors',
      ['enterprise_id', 'user_id'],
      chunks(world.ents.map((e) => [e.id, e.instructor.id])),
    );
  } finally {
    if (recount.length)
      await client.query(
        `ALTER TABLE enterprise_instructors ENABLE TRIGGER enterprise_instructors_assignments_ins`,
      );
  }
  if (recount.length) await client.query(`SELECT recount_instructor_assignments(NULL)`);
  mark('world', ts);
  log(
    `  the world (${world.units.length} units, ${world.users.length} users, ${world.ents.length} enterprises) in ${phases.world}s`,
  );

  // ledger numbers: consecutive per town and year in the order cases were opened
  ts = Date.now();
  const opened = new Float64Array(N);
  const townOf = new Uint16Array(N);
  const townIndex = new Map(world.towns.map((t, k) => [t.id, k]));
  for (let i = 0; i < N; i++) {
    const d = caseDraws(i, seed, world.ents, now);
    opened[i] = d.openedAt;
    townOf[i] = townIndex.get(d.ent.town.id);
  }
  const order = Uint32Array.from({ length: N }, (_, i) => i).sort((a, b) => opened[a] - opened[b]);
  const seqOf = new Uint32Array(N);
  const counters = new Map();
  for (const i of order) {
    const key = `${townOf[i]}|${localYear(opened[i])}`;
    const s = (counters.get(key) ?? 0) + 1;
    counters.set(key, s);
    seqOf[i] = s;
  }
  mark('numbering', ts);
  log(`  ledger numbers in ${phases.numbering}s`);

  // cases, events and hops in the order they were opened (as the ledger grew)
  const caseRow = (c) => [
    c.id,
    c.ledgerNo,
    c.ent.id,
    c.category,
    c.title,
    c.description,
    c.priority,
    c.status,
    c.level,
    c.unitId,
    c.town.id,
    c.county.id,
    c.city.id,
    c.assigneeId,
    iso(c.respondBy),
    iso(c.resolveBy),
    c.overdue,
    c.resolution,
    c.satisfied,
    c.rating,
    c.rating == null ? null : 'staff',
    c.openedById,
    iso(c.openedAt),
    iso(c.resolvedAt),
    iso(c.closedAt),
    iso(c.updatedAt),
    c.version,
  ];
  const eventRows = (c) =>
    c.events.map((e) => [
      c.id,
      e.type,
      e.actorId,
      iso(e.at),
      e.from,
      e.to,
      e.fromUnit,
      e.toUnit,
      e.reason,
      e.payload,
    ]);
  const hopRows = (c) => c.hops.map((h) => [c.id, h.unitId, h.level, iso(h.arrivedAt), iso(h.leftAt)]);
  let nCases;
  let nEvents;
  let nHops;
  if (connect && N >= 100_000) {
    // one pass: each case built once, its rows streamed into three COPYs on three connections at once (the
    // tables' foreign keys are dropped for a big load, so no COPY waits for another's rows)
    ts = Date.now();
    [nCases, nEvents, nHops] = await copyTogether(
      client,
      connect,
      [
        ['cases', CASE_COLUMNS, (c) => [caseRow(c)]],
        ['case_events', EVENT_COLUMNS, eventRows],
        ['case_hops', HOP_COLUMNS, hopRows],
      ],
      function* () {
        for (const i of order) yield buildCase(i, seqOf[i], world, seed, now);
      },
    );
    mark('casesEventsHops', ts);
    log(
      `  ${nCases} cases, ${nEvents} events, ${nHops} hops copied in ${phases.casesEventsHops}s (one pass)`,
    );
  } else {
    const all = function* (fn) {
      for (const i of order) yield* fn(buildCase(i, seqOf[i], world, seed, now));
    };
    ts = Date.now();
    nCases = await copyIn(client, 'cases', CASE_COLUMNS, chunks(all((c) => [caseRow(c)])));
    mark('cases', ts);
    log(`  ${nCases} cases copied in ${phases.cases}s`);
    ts = Date.now();
    nEvents = await copyIn(client, 'case_events', EVENT_COLUMNS, chunks(all(eventRows)));
    mark('events', ts);
    log(`  ${nEvents} events copied in ${phases.events}s`);
    ts = Date.now();
    nHops = await copyIn(client, 'case_hops', HOP_COLUMNS, chunks(all(hopRows)));
    mark('hops', ts);
  }
  await copyIn(
    client,
    'ledger_sequences',
    ['town_id', 'year', 'last_seq'],
    chunks(
      [...counters].map(([key, s]) => {
        const [k, y] = key.split('|');
        return [world.towns[Number(k)].id, Number(y), s];
      }),
    ),
  );
  return {
    world: shape,
    cities: world.cities.length,
    counties: world.counties.length,
    towns: world.towns.length,
    cases: nCases,
    events: nEvents,
    hops: nHops,
    enterprises: world.ents.length,
    units: world.units.length,
    users: world.users.length,
    phases,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
  };
}

export { CATEGORIES };

/**
 * Bulk load into `tables` without their secondary indexes and foreign keys, then put back exactly the
 * definitions the migrations made (read from the catalog first): one sort per index instead of a million
 * index insertions, one join per foreign key instead of a lookup per row.
 */
export async function withoutIndexes(client, tables, fn, log = () => undefined) {
  const { rows: idx } = await client.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisprimary`,
    [tables],
  );
  const { rows: fks } = await client.query(
    `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype = 'f' AND (conrelid = ANY($1::regclass[]) OR confrelid = ANY($1::regclass[]))`,
    [tables],
  );
  for (const f of fks) await client.query(`ALTER TABLE ${f.tbl} DROP CONSTRAINT "${f.name}"`);
  for (const i of idx) await client.query(`DROP INDEX ${i.name}`);
  try {
    return await fn();
  } finally {
    const t = Date.now();
    await client.query(`SET maintenance_work_mem = '1GB'`);
    for (const i of idx) await client.query(i.def);
    for (const f of fks) await client.query(`ALTER TABLE ${f.tbl} ADD CONSTRAINT "${f.name}" ${f.def}`);
    log(
      `  ${idx.length} indexes and ${fks.length} foreign keys rebuilt in ${((Date.now() - t) / 1000).toFixed(1)}s`,
    );
  }
}
