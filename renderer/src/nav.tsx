/** In-app navigation: a small route state (no URL routing; the address bar carries nothing about a child). */
import { createContext, useContext } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'students' }
  | { name: 'student'; id: number }
  | { name: 'apply'; studentId?: number }
  | { name: 'review' }
  | { name: 'confirm' }
  | { name: 'aidImport' }
  | { name: 'rosterImport' }
  | { name: 'schoolYear' }
  | { name: 'screening' }
  | { name: 'statistics' }
  | { name: 'summary' }
  | { name: 'audit' }
  | { name: 'supervision' }
  | { name: 'keyCare' }
  | { name: 'cadence' }
  | { name: 'compliance' }
  | { name: 'pairs' }
  | { name: 'dropout' }
  | { name: 'crisis' }
  | { name: 'warnings' }
  | { name: 'homeSchool' }
  | { name: 'concerns' }
  | { name: 'tutors' }
  | { name: 'graduates' }
  | { name: 'graduate'; studentId: number }
  | { name: 'postings' }
  | { name: 'aid' }
  | { name: 'accounts' }
  | { name: 'filing' }
  | { name: 'backup' }
  | { name: 'bureau' };

export const NavContext = createContext<{ route: Route; go: (r: Route) => void }>({ route: { name: 'home' }, go: () => undefined });
export const useNav = () => useContext(NavContext);
