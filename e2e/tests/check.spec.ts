import { expect, test } from '@playwright/test';
import { DashboardPage, withCy } from './dashboardPage.ts';

async function ask(page: import('@playwright/test').Page, from: string, to: string, port: string) {
  await page.getByTestId('check-from').fill(from);
  await page.getByTestId('check-to').fill(to);
  await page.getByTestId('check-port').fill(port);
  await page.getByTestId('check-submit').click();
}

test.describe('can X reach Y', () => {
  test('wikijs → postgres:5432 is allowed at L4; default → postgres is denied', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    await page.keyboard.press('c');
    await expect(page.getByTestId('check-panel')).toBeVisible();
    // The shortcut leaves the keyboard in the form: type the source straight away.
    await expect(page.getByTestId('check-from')).toBeFocused();
    await ask(page, 'wikijs/wikijs', 'postgres/postgresql', '5432');
    const result = page.getByTestId('check-result');
    await expect(result).toHaveAttribute('data-allowed', 'true');
    await expect(result.getByTestId('verdict')).toHaveAttribute('data-l4', 'allow');
    await expect(result).toContainText('allow-postgres-clients');
    await expect(page.getByTestId('check-cli')).toHaveText('accessgraph check wikijs/wikijs postgres/postgresql:5432 --demo');
    await d.screenshot('check-allowed');
    await ask(page, 'default/toolbox', 'postgres/postgresql', '5432');
    await expect(result).toHaveAttribute('data-allowed', 'false');
    await expect(result.getByTestId('verdict')).toHaveAttribute('data-l4', 'deny');
    // A denied flow has no edge, yet both of its workloads are highlighted on the graph.
    const lit = () => withCy(page, (cy) => cy.nodes('.highlighted').map((n) => n.id()).sort());
    await expect.poll(lit).toEqual(['default/toolbox', 'postgres/postgresql']);
    // A question that fails clears the highlight rather than leaving the last answer's flow lit.
    await ask(page, 'default/no-such-workload', 'postgres/postgresql', '5432');
    await expect(page.getByRole('alert')).toBeVisible();
    await expect.poll(lit).toEqual([]);
  });

  test('a Service can be the destination', async ({ page }) => {
    const d = new DashboardPage(page);
    await d.open();
    await page.getByTestId('open-check').click();
    await ask(page, 'wikijs/wikijs', 'service/postgres/postgresql', '5432');
    await expect(page.getByTestId('check-result')).toHaveAttribute('data-allowed', 'true');
    // The resolution is shown, as the CLI prints it: which workload and target port were asked.
    await expect(page.getByTestId('check-service')).toContainText('Service postgres/postgresql resolves to postgres/postgresql:5432/TCP (service port 5432)');
  });
});
