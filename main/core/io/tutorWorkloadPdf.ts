/** The tutor workload report (G2) for workload recognition: printed for the principal's office, internal. */
import { semesterLabel } from '../../../shared/domain/calendar';
import { finishInternalPdf, newInternalPdf, paragraph, table } from './internalPdf';
import type { TutorWorkload } from '../../../shared/contract/tutors';

export async function renderTutorWorkloadPdf(
  semester: string,
  rows: TutorWorkload[],
  schoolName: string,
  printedBy: string,
  printedAt: Date,
): Promise<Buffer> {
  const doc = newInternalPdf('育人导师工作量统计');
  doc.font('cjk-bold').fontSize(17).text('育人导师工作量统计', { align: 'center' });
  doc
    .font('cjk')
    .fontSize(10)
    .fillColor('#555555')
    .text(`${schoolName} · ${semesterLabel(semester)} · 供工作量认定与评优评先参考（内部资料）`, { align: 'center' })
    .moveDown(0.6);
  table(
    doc,
    [
      { h: '导师', w: 70 },
      { h: '负责学生', w: 60 },
      { h: '谈心谈话', w: 55 },
      { h: '家校沟通', w: 55 },
      { h: '辅导次数', w: 55 },
      { h: '辅导时长(小时)', w: 70 },
      { h: '成效记录', w: 118 },
    ],
    rows.map((r) => [
      r.tutorName,
      String(r.students),
      String(r.talks),
      String(r.homeContacts),
      String(r.sessions),
      r.hours.toFixed(1),
      `${r.outcomes}/${r.plans} 个计划已记成效`,
    ]),
  );
  doc.moveDown(1);
  paragraph(doc, `共 ${rows.length} 位导师，负责学生 ${rows.reduce((a, r) => a + r.students, 0)} 人次。`);
  doc.moveDown(2);
  paragraph(doc, '统计人：________________　　审核（校长）：________________　　日期：________________');
  return finishInternalPdf(doc, printedBy, printedAt);
}
