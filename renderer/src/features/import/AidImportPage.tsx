/** The 免申即享 import (I3): the one import wizard for an aid-system list. */
import { Page } from '../../components/Page';
import { t } from '../../i18n';
import { ImportWizard } from './ImportWizard';

export function AidImportPage() {
  return (
    <Page title={t('aidImport.title')} intro={t('aidImport.intro')}>
      <ImportWizard
        kind="aidList"
        doneText={(r) =>
          r.batchId === null
            ? t('aidImport.nothing')
            : t('aidImport.done', { newCases: r.counts.newCases ?? 0, created: r.counts.created ?? 0 })
        }
      />
    </Page>
  );
}
