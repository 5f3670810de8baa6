/** Every user-facing string of the renderer, zh-CN first. Domain terms (categories, states) live in shared/domain. */
export const zhCN = {
  app: { title: '助学关爱工作台', bureauTitle: '助学关爱工作台 · 教育局', privacy: '内部资料 · 重点关爱名单不公示、禁止公布' },
  nav: {
    students: '学生名册', apply: '提出申请', review: '集体评议', confirm: '学校确认', keyCare: '重点关爱名单',
    aidImport: '免申即享导入', accounts: '账户管理', filing: '上级备案', backup: '数据备份', bureau: '各校汇总', logout: '锁定 / 退出',
  },
  common: {
    save: '保存', cancel: '取消', submit: '提交', search: '搜索', all: '全部', loading: '正在加载…', none: '暂无数据',
    open: '打开', print: '打印档案', total: '共 {n} 条', yes: '是', no: '否', close: '关闭', copy: '复制', confirm: '确认',
  },
  setup: {
    title: '首次运行设置', intro: '本机尚未建立工作台。设置完成后，数据将保存在本机加密数据库中，只有持有账户的教职工能打开。',
    modeSchool: '学校工作台', modeBureau: '教育局工作台', schoolSection: '学校信息', adminSection: '第一位资助管理员',
    schoolName: '学校名称', schoolCode: '学校标识码（10 位）', stages: '学段', prefecture: '所在市', county: '县（区）代码（6 位）',
    managementArea: '管理区域', bureauName: '教育局 / 资助中心名称', username: '用户名', displayName: '姓名',
    password: '密码（至少 8 位）', password2: '再次输入密码', passwordMismatch: '两次输入的密码不一致', create: '建立加密工作台',
    creating: '正在建立加密数据库（约需数秒）…',
    recoveryTitle: '请打印并妥善保管恢复码', recoveryText: '恢复码只显示这一次。所有管理员忘记密码时，只能用它恢复数据库。请打印后锁入保密柜，不要拍照或保存在电脑上。',
    recoveryPrint: '打印恢复码', recoveryDone: '我已妥善保管，进入登录',
  },
  login: {
    title: '登录', locked: '工作台已锁定', username: '用户名', password: '密码', submit: '解锁并登录', unlocking: '正在解锁（约 1 秒）…',
    hint: '连续输错 5 次密码将锁定账户。忘记密码请联系资助管理员重置。', idleLocked: '长时间未操作，已自动锁定。',
  },
  students: {
    title: '学生名册', add: '新建学生档案', searchPlaceholder: '姓名、学籍号或身份证号', class: '班级', category: '困境类别',
    onList: '仅看重点关爱', name: '姓名', gender: '性别', idNumber: '身份证号', stageGrade: '学段 / 年级', state: '关爱状态',
    sort: '排序', sortClass: '按班级', sortName: '按姓名', sortNew: '最新建档', empty: '没有符合条件的学生',
  },
  studentForm: {
    title: '新建学生档案', name: '姓名', idNumber: '身份证号', studentNo: '全国学籍号（可选）', ethnicity: '民族', stage: '学段',
    grade: '年级', className: '班级', boarding: '寄宿生', leftBehind: '留守情况', householdAddress: '户籍地址', currentAddress: '现住址',
    disabilityType: '残疾类型（如有）', categories: '困境类别（可多选，T1）', riskFactors: '风险因素（可多选，T2）',
    guardian: '监护人', guardianName: '监护人姓名', relation: '关系', phone: '联系电话', created: '学生档案已建立',
  },
  detail: {
    basic: '基本信息', guardians: '监护人', cases: '认定与关爱', timeline: '关键成长事件', reveal: '查看完整信息',
    revealNote: '查看将记入审计日志', birth: '出生日期', studentNo: '学籍号', address: '住址', household: '户籍地址',
    boarding: '寄宿', leftBehind: '留守情况', disability: '残疾类型', apply: '为该生提出申请', noCases: '暂无申请',
    printed: '档案 PDF 已生成（已记入审计日志）', categories: '困境类别', risks: '风险因素', back: '返回名册',
  },
  apply: {
    title: '提出关爱申请（I4）', intro: '学生本人、家长/监护人或教师均可随时提出申请，写明申请的关爱内容、事实和理由。',
    student: '学生', studentPlaceholder: '输入姓名搜索', applicantType: '申请人类型', applicantName: '申请人姓名',
    careRequested: '申请的关爱内容（可多选）', facts: '事实', reasons: '理由', submitted: '申请已提交，进入集体评议',
  },
  review: {
    title: '集体评议（I5）', intro: '由资助管理部门组织集体评议，确认必要性与可行性。', pending: '待评议申请', decision: '评议结论',
    meetingDate: '评议日期', participants: '参会人员（至少 3 人，回车添加）', necessity: '必要性意见', feasibility: '可行性意见',
    careApproved: '批准的关爱内容', votesFor: '赞成', votesAgainst: '反对', votesAbstain: '弃权', record: '记录评议结论',
    done: '评议结论已记录', empty: '没有待评议的申请',
  },
  confirm: {
    title: '学校确认（I6）', intro: '校长确认重点关爱学生及学校能提供的关爱内容与责任人，确认后列入重点关爱名单。',
    pending: '待确认（评议通过）', careContent: '学校提供的关爱内容', responsible: '责任人', submit: '确认列入名单',
    done: '已确认，列入重点关爱名单', empty: '没有待确认的个案',
    systemPush: '免申即享：资助系统推送对象，按简化程序无需申请和评议（I3），由学校确认关爱内容。',
  },
  keyCare: {
    title: '重点关爱名单', warning: '此名单仅供关爱工作团队内部使用，不公示、禁止公布（I1）。每次查看均记入审计日志。',
    careContent: '关爱内容', responsible: '责任人', confirmedAt: '确认日期', filed: '备案', notFiled: '未备案', exit: '退出',
    exitReason: '退出原因（经集体评议）', exitDone: '已退出重点关爱名单', empty: '名单为空',
  },
  accounts: {
    title: '账户管理', add: '新建账户', role: '角色', classesCol: '负责班级', classes: '负责班级（班主任必填，回车添加）', status: '状态', active: '在用',
    disabled: '已停用', locked: '已锁定', disable: '停用', reset: '重置密码', newPassword: '新密码', created: '账户已建立',
    disableConfirm: '停用后其密钥槽将被销毁，该账户无法再解锁数据库。确定停用？', mustChange: '须改密码',
  },
  filing: {
    title: '上级备案（I6）', intro: '生成备案报送包：仅含已确认名单中教育局所需的信息（不含身份证号、住址、电话），用教育局公钥加密、本校密钥签名。',
    schoolKey: '本校签名公钥（首次报送前交教育局登记）', period: '报送期次', bureauKey: '教育局公钥（age1 开头）', export: '生成报送包',
    exported: '报送包已生成：{count} 人，第 {sequence} 号', downloadKey: '下载本校公钥',
  },
  backup: {
    title: '数据备份', intro: '备份文件仍为密文，并含密钥槽；请保存到 U 盘等移动介质并妥善保管。恢复请使用命令行 caredesk restore。',
    last: '上次备份', never: '从未备份', overdue: '距上次备份已超过 7 天，请尽快备份。', create: '生成加密备份', done: '备份已生成',
    auditVerify: '校验审计日志', auditOk: '审计日志完整：{n} 条记录，哈希链无断裂', auditBroken: '审计日志在第 {id} 条处断裂！',
  },
  bureau: {
    title: '各校汇总', key: '本局加密公钥（发给各校用于报送）', register: '登记学校公钥', keyText: '学校公钥文件内容',
    import: '导入备案包', imported: '已导入：{school} {period} 第 {sequence} 号，{count} 人', school: '学校', code: '标识码',
    lastPeriod: '最近报送', students: '名单人数', byCategory: '分类人数', registered: '学校已登记', chooseFile: '选择 .cdfile 文件',
  },
  aidImport: {
    title: '免申即享导入（I3）', intro: '导入国家或省资助系统导出的名单（xlsx）。先预览：逐行校验并说明将发生的变化，确认后一次性写入；推送对象无需申请和评议，但仍须学校确认。',
    choose: '选择 xlsx 文件', reading: '正在读取与核对…', cancel: '取消', cancelled: '已取消，未写入任何数据',
    mapping: '列对应关系（表头在第 {row} 行）', remap: '按新的对应关系重新预览', unmapped: '（不导入）',
    counts: '共 {total} 行：匹配 {matched}，新建档案 {created}，新个案 {newCases}，无变化 {unchanged}，拒绝 {rejected}',
    already: '此文件已于 {at} 导入过；再次导入只会写入有变化的行。', commit: '确认导入（全部写入或全部不写）',
    committing: '正在写入…', done: '导入完成：新个案 {newCases}，新建档案 {created}。推送对象请到“学校确认”中确认。',
    nothing: '没有需要写入的变化。', row: '行号', status: '结果', name: '姓名', id: '证件号', detail: '原因 / 将发生的变化',
    filter: '显示', again: '导入另一个文件',
    statusLabels: { matched: '匹配', new: '新建', unchanged: '无变化', rejected: '拒绝' },
  },
  errors: { generic: '操作未完成' },
} as const;
