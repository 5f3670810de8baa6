/**
 * Printed agenda and minutes of a collective review meeting (I5): for the meeting room only, so identifiers are
 * left out entirely (names and classes suffice), with signature lines and the internal-use footer on every page.
 */
import { CARE_KIND_LABELS, MEETING_ITEM_KIND_LABELS, REVIEW_DECISION_LABELS } from '../../../shared/domain/enums';
import { formatDateZh } from '../../../shared/domain/dates';
import type { MeetingDetailView as MeetingDetail } from '../../../shared/contract/meetings';
import { fields, finishInternalPdf, heading, newInternalPdf, paragraph, type Pdf } from './internalPdf';

function signatureLines(doc: Pdf, names: string[]): void {
  heading(doc, '签名');
  const left = doc.page.margins.left;
  const colW = (doc.page.width - left - doc.page.margins.right) / 3;
  for (let i = 0; i < names.length; i += 3) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
    const y = doc.y + 14;
    for (let j = 0; j < 3 && i + j < names.length; j++) {
      doc
        .font('cjk')
        .fontSize(10)
        .fillColor('#000000')
        .text(`${names[i + j]}：`, left + j * colW, y, { width: 70 });
      doc
        .moveTo(left + j * colW + 70, y + 12)
        .lineTo(left + (j + 1) * colW - 14, y + 12)
        .lineWidth(0.6)
        .strokeColor('#333333')
        .stroke();
    }
    doc.x = left;
    doc.y = y + 22;
  }
  doc.moveDown(1);
  paragraph(doc, '主持人：________________    记录人：________________    日期：________________');
}

function header(doc: Pdf, title: string, m: MeetingDetail, schoolName: string): void {
  doc.font('cjk-bold').fontSize(17).fillColor('#000000').text(title, { align: 'center' });
  doc
    .font('cjk')
    .fontSize(10)
    .fillColor('#555555')
    .text(`${schoolName} · 困境学生教育助学关爱集体评议（不公示、禁止公布）`, { align: 'center' })
    .moveDown(0.4);
  fields(doc, [
    ['会议日期', formatDateZh(m.meetingDate)],
    ['地点', m.place],
    ['参会人员', m.participants.map((p) => `${p.name}${p.kind === 'outsider' ? '（校外）' : ''}`).join('、')],
    ['会议编号', `第 ${m.id} 号${m.correctsMeetingId ? `（更正第 ${m.correctsMeetingId} 号会议）` : ''}`],
  ]);
}

export async function renderAgendaPdf(m: MeetingDetail, schoolName: string, printedBy: string, printedAt: Date): Promise<Buffer> {
  const doc = newInternalPdf(`集体评议议程 第${m.id}号`);
  header(doc, '集体评议会议议程', m, schoolName);
  heading(doc, `议程（${m.agenda.length} 项）`);
  m.agenda.forEach((a, i) => {
    doc
      .font('cjk-bold')
      .fontSize(10.5)
      .fillColor('#000000')
      .text(`${i + 1}. ${a.studentName}（${a.className}）· ${MEETING_ITEM_KIND_LABELS[a.kind]}`, doc.page.margins.left);
    if (a.kind === 'admission') {
      paragraph(doc, `申请的关爱内容：${a.careRequested.map((k) => CARE_KIND_LABELS[k]).join('、')}`);
      paragraph(doc, `事实：${a.facts}`);
      paragraph(doc, `理由：${a.reasons}`);
    } else paragraph(doc, `退出原因：${a.exitReason}`);
    paragraph(doc, '结论：□ 同意  □ 不同意  □ 暂缓      表决：赞成 ____ 反对 ____ 弃权 ____', { color: '#333333' });
    doc.moveDown(0.5);
  });
  signatureLines(
    doc,
    m.participants.map((p) => p.name),
  );
  return finishInternalPdf(doc, printedBy, printedAt);
}

export async function renderMinutesPdf(m: MeetingDetail, schoolName: string, printedBy: string, printedAt: Date): Promise<Buffer> {
  const doc = newInternalPdf(`集体评议纪要 第${m.id}号`);
  header(doc, '集体评议会议纪要', m, schoolName);
  heading(doc, '评议结论');
  m.agenda.forEach((a, i) => {
    const d = a.decision;
    doc
      .font('cjk-bold')
      .fontSize(10.5)
      .fillColor('#000000')
      .text(
        `${i + 1}. ${a.studentName}（${a.className}）· ${MEETING_ITEM_KIND_LABELS[a.kind]}：${d ? REVIEW_DECISION_LABELS[d.decision] : '未评议'}`,
        doc.page.margins.left,
      );
    if (d) {
      paragraph(doc, `必要性：${d.necessity}`);
      paragraph(doc, `可行性：${d.feasibility}`);
      if (d.careApproved.length) paragraph(doc, `批准的关爱内容：${d.careApproved.map((k) => CARE_KIND_LABELS[k]).join('、')}`);
      paragraph(doc, `表决：赞成 ${d.votesFor}，反对 ${d.votesAgainst}，弃权 ${d.votesAbstain}${d.notes ? `；备注：${d.notes}` : ''}`);
    }
    doc.moveDown(0.4);
  });
  heading(doc, '会议纪要');
  paragraph(doc, m.minutes || '—');
  signatureLines(
    doc,
    m.participants.map((p) => p.name),
  );
  return finishInternalPdf(doc, printedBy, printedAt);
}
