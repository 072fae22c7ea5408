import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider, Type } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { authInterceptor } from '../app/core/auth/auth.interceptor';

/** What a page's unit test runs against: the app's HTTP client (with its auth interceptor) on the testing backend. */
export const pageTestProviders = (): (Provider | EnvironmentProviders)[] => [
  provideHttpClient(withInterceptors([authInterceptor])),
  provideHttpClientTesting(),
  provideRouter([]),
];

/** A fresh test bed for `page` (signed out: the storage is cleared) and the HTTP testing backend it talks to. */
export function configurePageTestBed(
  page: Type<unknown>,
  providers: (Provider | EnvironmentProviders)[] = [],
): HttpTestingController {
  localStorage.clear();
  TestBed.configureTestingModule({ imports: [page], providers: [...pageTestProviders(), ...providers] });
  return TestBed.inject(HttpTestingController);
}

/** The page as the router shows it: created, with its route `inputs` bound, and its first requests sent. */
export function startPage<T>(page: Type<T>, inputs: Record<string, unknown> = {}): ComponentFixture<T> {
  const fixture = TestBed.createComponent(page);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  TestBed.tick();
  return fixture;
}

/** Run effects and let promises settle, without waiting for in-flight HTTP (that would never end). */
export async function settle(): Promise<void> {
  TestBed.tick();
  await new Promise((r) => setTimeout(r, 0));
  TestBed.tick();
}

/** The element of a `data-testid`, or null. */
export const byTestId = (el: HTMLElement, id: string) =>
  el.querySelector<HTMLElement>(`[data-testid="${id}"]`);

/** A dialog as the dialog service would open it: with `data`, a ref whose `close` is given, and `providers`. */
export function createDialog<T>(
  dialog: Type<T>,
  data: unknown,
  close: (result?: unknown) => void,
  providers: Provider[] = [],
): ComponentFixture<T> {
  TestBed.configureTestingModule({
    imports: [dialog],
    providers: [
      { provide: MAT_DIALOG_DATA, useValue: data },
      { provide: MatDialogRef, useValue: { close } },
      ...providers,
    ],
  });
  const fixture = TestBed.createComponent(dialog);
  fixture.detectChanges();
  return fixture;
}

/** Clicks the button of a `data-testid`, as the user would, and waits until what it started has settled. */
export async function clickAndWait(fixture: ComponentFixture<unknown>, id: string): Promise<void> {
  (byTestId(fixture.nativeElement, id) as HTMLButtonElement).click();
  await fixture.whenStable();
}

/** Types `value` into the field (input or textarea) of a `data-testid`, as the user would. */
export function typeInto(el: HTMLElement, id: string, value: string): void {
  const field = byTestId(el, id) as HTMLInputElement | HTMLTextAreaElement;
  field.value = value;
  field.dispatchEvent(new Event('input'));
}
