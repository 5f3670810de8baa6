/** Data for the review-meeting screen. */
import { useQuery } from '../../api/hooks';

export function useMeetings(selected: number | null) {
  const list = useQuery('meetings.list', {});
  const detail = useQuery('meetings.get', { id: selected ?? 1 }, selected !== null);
  return { list, detail };
}
