/**
 * The Chinese font the app ships (Noto Sans SC, OFL, from an npm package so it is bundled with the app and not
 * taken from the machine). pdfkit embeds only the glyphs a document uses.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function cjkFontPath(): string {
  return require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
}
export function cjkBoldFontPath(): string {
  return require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
}
