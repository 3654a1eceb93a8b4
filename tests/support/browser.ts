/**
 * A real headless browser for page tests: Debian's chromium (infra/browser/install.sh) driven by
 * playwright-core. A missing browser fails the test with how to provide it; nothing is skipped.
 * Screenshots go to artifacts/screenshots/<suite>/NN-name.png (gitignored; see README).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotsRoot = path.join(root, 'artifacts', 'screenshots');

export function chromiumPath(): string {
  const executable = process.env.MOTCUA_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executable)) {
    throw new Error(`chromium not found at ${executable}: run \`bash infra/browser/install.sh\` (npm test does)`);
  }
  return executable;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Numbered screenshots of one suite, full page, in the order the journey takes them. */
export function screenshotTaker(suite: string) {
  const folder = path.join(screenshotsRoot, suite);
  mkdirSync(folder, { recursive: true });
  let counter = 0;
  return async (page: Page, name: string): Promise<string> => {
    counter += 1;
    const file = path.join(folder, `${String(counter).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}

/** Signs in through the real login form the page is showing (Vietnamese labels). */
export async function signInOnLoginPage(page: Page, account: string, password: string): Promise<void> {
  await page.getByLabel('Tài khoản').fill(account);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/**
 * The content security policy violations a page reports (Chromium logs each as a console error
 * naming the policy), collected so a journey can assert none under the production policy.
 */
export function policyViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

/**
 * What does not fit the page's width: the page itself scrolling sideways, or a scrolling box
 * (`.scroll` table wrapper, studio `.diagram`, chart figure) whose content is wider than the box,
 * so part of a table or a diagram is hidden until one scrolls. Empty when everything fits.
 */
export async function contentWiderThanPage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const wide: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) wide.push(`page ${root.scrollWidth}px > ${root.clientWidth}px`);
    for (const box of Array.from(document.querySelectorAll<HTMLElement>('.scroll, .diagram, figure.chart'))) {
      if (box.scrollWidth > box.clientWidth + 1) {
        const name = box.querySelector('table')?.id || box.closest('section')?.id || box.className;
        wide.push(`${name}: ${box.scrollWidth}px in ${box.clientWidth}px`);
      }
    }
    return wide;
  });
}
