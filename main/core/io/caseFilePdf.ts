/**
 * The printed case file (一人一档, S2): the student's record, cases, every care record, the kept changes and the
 * timeline of key growth events (G1).
 * Identifiers are masked (ID number, 学籍号, phones, addresses) and only the birth month is shown, because a
 * printed page leaves the case team's control (G3, I1).
 */
import {
  APPLICANT_TYPE_LABELS,
  CARE_KIND_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATE_LABELS,
  CATEGORY_LABELS,
  EVENT_KIND_LABELS,
  GENDER_LABELS,
  LEFT_BEHIND_LABELS,
  REVIEW_DECISION_LABELS,
  RISK_FACTOR_LABELS,
  STAGE_LABELS,
} from '../../../shared/domain/enums';
import { formatDateTimeZh, formatDateZh } from '../../../shared/domain/dates';
import type { StudentChange, StudentDetail } from '../../../shared/contract/schemas';
import type { StudentServices } from '../../../shared/contract/careRecords';
import { CONTACT_CHANNEL_LABELS, CONTACT_KIND_LABELS, PLACEMENT_LABELS } from '../../../shared/domain/care';
import { fields, finishInternalPdf, heading, newInternalPdf, paragraph } from './internalPdf';

export async function renderCaseFilePdf(args: {
  student: StudentDetail;
  /** Every care record (A1, A2, P5, P6): tutoring, placement, home visits and contacts, talks. */
  services?: StudentServices;
  /** The file's kept changes, masked. */
  history?: StudentChange[];
  schoolName: string;
  printedBy: string;
  printedAt: Date;
}): Promise<Buffer> {
  const s = args.student;
  const doc = newInternalPdf(`一人一档 ${s.name}`);
  doc.font('cjk-bold').fontSize(18).fillColor('#000000').text('困境学生一人一档', { align: 'center' });
  doc.font('cjk').fontSize(10).fillColor('#555555').text(`${args.schoolName} · 学生资助管理部门`, { align: 'center' }).moveDown(0.5);

  heading(doc, '基本信息');
  const birthMonth = s.birthDate ? `${Number(s.birthDate.slice(0, 4))}年${Number(s.birthDate.slice(5, 7))}月` : '';
  fields(doc, [
    ['姓名', s.name],
    ['性别', GENDER_LABELS[s.gender]],
    ['出生年月', birthMonth],
    ['民族', s.ethnicity],
    ['身份证号', s.idNumberMasked],
    ['学籍号', s.studentNoMasked],
    ['学段', STAGE_LABELS[s.stage]],
    ['年级班级', `${s.grade} ${s.className}`],
    ['寄宿', s.boarding ? '是' : '否'],
    ['留守情况', LEFT_BEHIND_LABELS[s.leftBehind]],
    ['残疾类型', s.disabilityType],
    ['户籍地址', s.householdAddressMasked],
    ['现住址', s.currentAddressMasked],
  ]);

  heading(doc, '困境类别与风险因素');
  paragraph(doc, `困境类别：${s.categories.map((c) => CATEGORY_LABELS[c]).join('、') || '—'}`);
  paragraph(doc, `风险因素：${s.riskFactors.map((r) => RISK_FACTOR_LABELS[r]).join('、') || '—'}`);

  heading(doc, '监护人');
  if (s.guardians.length === 0) paragraph(doc, '—');
  for (const g of s.guardians)
    paragraph(
      doc,
      `${g.name}（${g.relation}${g.isGuardian ? '，监护人' : ''}）  电话：${g.phoneMasked || '—'}  住址：${g.addressMasked || '—'}`,
    );

  heading(doc, '认定与关爱');
  if (s.cases.length === 0) paragraph(doc, '暂无申请记录。');
  for (const c of s.cases) {
    doc
      .font('cjk-bold')
      .fontSize(10.5)
      .fillColor('#000000')
      .text(`个案 ${c.id} · ${CASE_STATE_LABELS[c.state]} · 来源：${CASE_SOURCE_LABELS[c.source]}`, doc.page.margins.left);
    fields(doc, [
      ['申请日期', formatDateZh(c.appliedAt)],
      ['申请人', `${c.applicantName}${c.applicantType ? `（${APPLICANT_TYPE_LABELS[c.applicantType]}）` : ''}`],
      ['申请内容', c.careRequested.map((k) => CARE_KIND_LABELS[k]).join('、')],
      ['评议结论', c.review ? `${REVIEW_DECISION_LABELS[c.review.decision]}（${formatDateZh(c.review.meetingDate)}）` : '未评议'],
      ['确认日期', formatDateZh(c.confirmedAt)],
      ['责任人', c.responsibleName],
      ['关爱内容', c.careContent],
      ['备案', c.filedPackage ?? '未备案'],
    ]);
    if (c.facts) paragraph(doc, `事实：${c.facts}`);
    if (c.reasons) paragraph(doc, `理由：${c.reasons}`);
    if (c.exitedAt) paragraph(doc, `退出：${formatDateZh(c.exitedAt)}，${c.exitReason}`);
    doc.moveDown(0.4);
  }

  const sv = args.services;
  if (sv) {
    heading(doc, '关爱服务记录');
    paragraph(doc, `学业辅导（A1）：${sv.tutoringPlans.length ? '' : '—'}`);
    for (const p of sv.tutoringPlans) {
      const attended = p.sessions.filter((x) => x.attended).length;
      paragraph(
        doc,
        `　${p.semester} ${p.subjects.join('、')}，导师 ${p.tutorName}：${p.schedule}；目标：${p.goals}；辅导 ${p.sessions.length} 次（到课 ${attended} 次）${p.outcome ? `；成效：${p.outcome}` : ''}`,
      );
    }
    paragraph(
      doc,
      `特殊教育安置（A2）：${sv.specialEd ? `${PLACEMENT_LABELS[sv.specialEd.placement]}${sv.specialEd.disabilityType ? `，${sv.specialEd.disabilityType}` : ''}${sv.specialEd.note ? `；${sv.specialEd.note}` : ''}` : '—'}`,
    );
    paragraph(doc, `家访与送教上门：${sv.homeVisits.length ? '' : '—'}`);
    for (const v of [...sv.homeVisits].sort((a, b) => a.date.localeCompare(b.date)))
      paragraph(doc, `　${formatDateZh(v.date)} ${v.teacher}（${v.minutes} 分钟）：${v.content}`);
    paragraph(doc, `家校沟通：${sv.homeContacts.length ? '' : '—'}`);
    for (const h of [...sv.homeContacts].sort((a, b) => a.date.localeCompare(b.date)))
      paragraph(
        doc,
        `　${formatDateZh(h.date)} ${CONTACT_CHANNEL_LABELS[h.channel]} · ${h.guardian}（${h.by}）：${h.content}${h.followUp ? `；跟进：${h.followUp}` : ''}`,
      );
    paragraph(doc, `谈心谈话：${sv.talks.length ? '' : '—'}`);
    for (const t of [...sv.talks].sort((a, b) => a.date.localeCompare(b.date)))
      paragraph(doc, `　${formatDateZh(t.date)} ${CONTACT_KIND_LABELS[t.kind]}（${t.by}）${t.note ? `：${t.note}` : ''}`);
  }

  if (args.history?.length) {
    heading(doc, '档案变更记录');
    for (const h of [...args.history].reverse())
      paragraph(
        doc,
        `${formatDateTimeZh(h.at)} ${h.actorName}：${h.fieldLabel} ${h.from || '—'} → ${h.to || '—'}${h.reason ? `（${h.reason}）` : ''}`,
      );
  }

  heading(doc, '关键成长事件');
  for (const e of s.timeline) {
    paragraph(
      doc,
      `${formatDateTimeZh(e.at)}  【${EVENT_KIND_LABELS[e.kind]}】${e.title}${e.detail ? ` —— ${e.detail}` : ''}（${e.actorName}）`,
    );
  }
  return finishInternalPdf(doc, args.printedBy, args.printedAt);
}
