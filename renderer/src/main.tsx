import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import 'dayjs/locale/zh-cn';
import { createTheme, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const theme = createTheme({
  fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif',
  primaryColor: 'blue',
  defaultRadius: 'sm',
  components: {
    // A badge says a state (已确认, 可推荐/拒绝): it keeps its width and never ends in "…" in a narrow column.
    Badge: { styles: { root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible', textOverflow: 'clip' } } },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      {/* Calendars in Chinese, weeks from Monday, as Chinese school calendars are printed. */}
      <DatesProvider settings={{ locale: 'zh-cn', firstDayOfWeek: 1 }}>
        <App />
      </DatesProvider>
    </MantineProvider>
  </StrictMode>,
);
