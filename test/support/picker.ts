/** Choosing in the jurisdiction picker (web/src/components/JurisdictionPicker.tsx) as a user does: type the code, Enter. */
import type { Locator, Page } from "playwright-core";

export async function chooseJurisdiction(scope: Page | Locator, label: string, code: string): Promise<void> {
  const input = scope.getByRole("combobox", { name: label, exact: true });
  await input.fill(code);
  await input.press("Enter");
}
