/** The student's timeline of key growth events (G1 工作清单): written by every service that changes a case or records care. */
import type { Knex } from 'knex';
import type { EventKind } from '../../../shared/domain/enums';
import type { TimelineEvent } from '../../../shared/contract/schemas';

export async function addEvent(
  db: Knex | Knex.Transaction,
  e: { studentId: number; caseId?: number | null; at: string; kind: EventKind; title: string; detail?: string; actorId: number | null },
): Promise<void> {
  await db('care_events').insert({
    student_id: e.studentId,
    case_id: e.caseId ?? null,
    at: e.at,
    kind: e.kind,
    title: e.title,
    detail: e.detail ?? '',
    actor_id: e.actorId,
  });
}

export async function timelineOf(db: Knex, studentId: number): Promise<TimelineEvent[]> {
  const rows = (await db('care_events as e')
    .leftJoin('accounts as a', 'a.id', 'e.actor_id')
    .where('e.student_id', studentId)
    .select('e.id', 'e.at', 'e.kind', 'e.title', 'e.detail', 'a.display_name')
    .orderBy([{ column: 'e.at' }, { column: 'e.id' }])) as Array<{
    id: number;
    at: string;
    kind: EventKind;
    title: string;
    detail: string;
    display_name: string | null;
  }>;
  return rows.map((r) => ({ id: r.id, at: r.at, kind: r.kind, title: r.title, detail: r.detail, actorName: r.display_name ?? '系统' }));
}
