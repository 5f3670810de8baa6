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
};

export function labelForPath(path: readonly PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  const last = names[names.length - 1];
  const idx = path.find((p) => typeof p === 'number');
  const base = last ? (FIELD_LABELS[last] ?? last) : '输入';
  return typeof idx === 'number' ? `${base}（第 ${idx + 1} 项）` : base;
}
