/** The 学籍 roster import (issue 12, S2): the one import wizard for the registry's 在校生信息 export. */
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { ImportWizard } from './ImportWizard';

export function RosterImportPage() {
  return (
    <Page title={t('rosterImport.title')} intro={t('rosterImport.intro')}>
      <ImportWizard
        kind="roster"
        doneText={(r) =>
          r.batchId === null
            ? t('aidImport.nothing')
            : t('rosterImport.done', { created: r.counts.new ?? 0, updated: r.counts.update ?? 0 })
        }
      />
    </Page>
  );
}
