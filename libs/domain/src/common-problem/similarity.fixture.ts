/**
 * Problem titles as enterprises raise them in the seeds' reports (../shared/seeds: 郭店镇's "3 categories,
 * 57 problems" — 用工难、运输难、保障难、销售难、资金难; 银河办事处's 防控物资、用工、交通物流; 阜沙镇's 资金、用工、
 * 物资; 城关镇's 健康证、通行证; 乾龙物流's 土地规模指标), written as case titles, and labelled by hand:
 * titles with the same `problem` are the same common problem. Pairs are compared only within a category
 * (suggestions are pre-filtered by category).
 */
export interface LabelledTitle {
  category: string;
  problem: string;
  title: string;
}

export const LABELLED_TITLES: LabelledTitle[] = [
  // 用工难: not enough workers back
  { category: 'labor', problem: 'workers-short', title: '返岗员工不足，急需招聘普工30名' },
  { category: 'labor', problem: 'workers-short', title: '员工返岗不足，生产线缺普工' },
  { category: 'labor', problem: 'workers-short', title: '用工缺口大，急需招聘一线普工' },
  { category: 'labor', problem: 'workers-short', title: '招工难，普工缺口60人' },
  { category: 'labor', problem: 'welders', title: '熟练焊工缺口20人，影响订单交付' },
  { category: 'labor', problem: 'welders', title: '缺少熟练焊工，订单无法按期交付' },
  { category: 'labor', problem: 'welders', title: '焊工短缺，急需招聘熟练焊工' },
  // 返岗直通车: bringing workers back from other provinces
  { category: 'labor', problem: 'return-bus', title: '外地员工返岗需要点对点包车接送' },
  { category: 'labor', problem: 'return-bus', title: '申请返岗直通车接外地员工返岗' },
  { category: 'labor', problem: 'return-bus', title: '外省员工无法返岗，需协调包车点对点接回' },
  // 健康证
  { category: 'labor', problem: 'health-cert', title: '从业人员健康证办理困难' },
  { category: 'labor', problem: 'health-cert', title: '员工健康证到期无法办理' },
  { category: 'labor', problem: 'health-cert', title: '新招员工需办理健康证才能上岗' },
  // 保障难: epidemic supplies
  { category: 'supplies', problem: 'masks', title: '口罩、消毒液等防疫物资短缺' },
  { category: 'supplies', problem: 'masks', title: '防疫物资不足，缺口罩和医用酒精' },
  { category: 'supplies', problem: 'masks', title: '口罩储备不足，员工复工防护物资短缺' },
  { category: 'supplies', problem: 'thermometers', title: '红外测温仪采购困难' },
  { category: 'supplies', problem: 'thermometers', title: '额温枪短缺，无法采购测温仪' },
  { category: 'supplies', problem: 'thermometers', title: '厂区门口缺额温枪测温设备' },
  { category: 'supplies', problem: 'raw-materials', title: '上游原材料供应中断' },
  { category: 'supplies', problem: 'raw-materials', title: '原材料供应不足，生产线停工待料' },
  { category: 'supplies', problem: 'raw-materials', title: '外省原材料供应商未复工，原料断供' },
  // 运输难
  { category: 'transport', problem: 'pass', title: '原材料运输车辆通行证办理困难' },
  { category: 'transport', problem: 'pass', title: '货车通行证难办，原料运不进厂' },
  { category: 'transport', problem: 'pass', title: '运输车辆无通行证，高速卡口无法通行' },
  { category: 'transport', problem: 'logistics', title: '物流停运，成品无法发往外省' },
  { category: 'transport', problem: 'logistics', title: '物流公司未复工，产品发不出去' },
  { category: 'transport', problem: 'logistics', title: '成品积压，物流运输渠道中断' },
  // 资金难
  { category: 'funding', problem: 'working-capital', title: '流动资金紧张，申请贴息贷款' },
  { category: 'funding', problem: 'working-capital', title: '资金周转困难，需银行贷款支持' },
  { category: 'funding', problem: 'working-capital', title: '流动资金不足，贷款难' },
  { category: 'funding', problem: 'rent', title: '厂房租金压力大，申请租金减免' },
  { category: 'funding', problem: 'rent', title: '申请公有物业租金减免' },
  { category: 'funding', problem: 'social-insurance', title: '申请社保费阶段性减免' },
  { category: 'funding', problem: 'social-insurance', title: '社保费缓缴减免政策咨询' },
  // 销售难
  { category: 'sales', problem: 'orders', title: '订单下降，产品滞销' },
  { category: 'sales', problem: 'orders', title: '产品滞销，库存积压' },
  { category: 'sales', problem: 'export', title: '外贸订单延迟交付，面临违约' },
  { category: 'sales', problem: 'export', title: '出口订单无法按期交付，担心违约赔偿' },
  // 土地、审批
  { category: 'land', problem: 'land-quota', title: '土地规模指标未覆盖，项目无法用地' },
  { category: 'land', problem: 'land-quota', title: '项目用地规模指标不足' },
  { category: 'land', problem: 'permit', title: '施工许可证办理进度慢' },
  { category: 'land', problem: 'permit', title: '扩建项目施工许可审批慢' },
  { category: 'land', problem: 'eia', title: '环评审批进度缓慢' },
];
