/** Chinese names of input fields, so a validation message names the field the officer sees on the form. */
export const FIELD_LABELS: Record<string, string> = {
  schoolName: '学校名称', schoolCode: '学校标识码', stages: '学段', prefectureCode: '所在市', countyCode: '县（区）代码',
  managementArea: '管理区域', username: '用户名', displayName: '姓名', password: '密码', newPassword: '新密码',
  oldPassword: '原密码', name: '姓名', idNumber: '身份证号', studentNo: '学籍号', ethnicity: '民族', stage: '学段',
  grade: '年级', className: '班级', householdAddress: '户籍地址', currentAddress: '现住址', disabilityType: '残疾类型',
  categories: '困境类别', riskFactors: '风险因素', guardians: '监护人', relation: '关系', phone: '联系电话',
  address: '住址', applicantType: '申请人类型', applicantName: '申请人', careRequested: '申请的关爱内容',
  facts: '事实', reasons: '理由', decision: '评议结论', meetingDate: '评议日期', participants: '参会人员',
  necessity: '必要性意见', feasibility: '可行性意见', careApproved: '批准的关爱内容', votesFor: '赞成票',
  votesAgainst: '反对票', votesAbstain: '弃权票', careContent: '学校提供的关爱内容', responsibleAccountId: '责任人',
  reason: '原因', period: '报送期次', bureauKey: '教育局公钥', keyText: '公钥', role: '角色', classes: '负责班级',
  profile: '学校信息', admin: '管理员', studentId: '学生', caseId: '个案', q: '搜索词', page: '页码', pageSize: '每页条数',
  semester: '学期', subjects: '学科', tutorAccountId: '导师', schedule: '辅导安排', goals: '辅导目标', date: '日期', minutes: '时长（分钟）',
  attended: '是否到课', notes: '记录', outcome: '学期成效', placement: '安置方式', note: '说明', teacherAccountId: '送教教师',
  content: '内容', channel: '方式', guardian: '沟通对象', followUp: '后续跟进', strengths: '擅长学科', capacity: '可帮扶人数',
  consent: '监护人同意', consentNote: '同意情况说明', weakSubjects: '薄弱学科', volunteerId: '结对同学', pairId: '结对',
  studentIds: '学生', arrived: '报到情况', entryId: '台账记录', statusAfter: '跟进后状态', kind: '类别', entries: '学生',
  unusual: '异常', month: '月份', levelKey: '预警等级', disposition: '处置', institution: '转介机构', result: '结果', crisisId: '预警记录',
  levels: '预警等级方案', severity: '严重程度', color: '颜色', label: '名称', key: '代码', title: '标题', attendees: '参加人员',
  source: '来源', fromName: '诉求人', receivedAt: '受理时间', ownerAccountId: '承办人', response: '答复', nonSchoolDays: '非上课日',
  concernDueWorkingDays: '办理时限（工作日）', from: '开始日期', to: '结束日期', ledger: '台账',
};

export function labelForPath(path: readonly PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  const last = names[names.length - 1];
  const idx = path.find((p) => typeof p === 'number');
  const base = last ? (FIELD_LABELS[last] ?? last) : '输入';
  return typeof idx === 'number' ? `${base}（第 ${idx + 1} 项）` : base;
}
