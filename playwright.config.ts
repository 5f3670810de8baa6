import { defineConfig } from '@playwright/test';

// Debian's Chromium (installed by .ci/run); never `npx playwright install`, which downloads a browser.
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  workers: 1,
  outputDir: 'test-results/e2e',
  use: {
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CAREDESK_BROWSER ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        // As the browser shell launches it: date inputs and the browser's own messages in Chinese.
        '--lang=zh-CN',
      ],
    },
  },
});
