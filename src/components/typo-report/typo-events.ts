import type { TypoReportRequest, TypoReportResult } from '../../model/adapter.js';

/** What a typo report sends: the `TypoReportRequest` without its abort signal. */
export type TypoReportDetail = Omit<TypoReportRequest, 'signal'>;

/** Fired before a typo report is sent; cancel it to send nothing (the dialog closes). */
export class ConfabTypoReportEvent extends CustomEvent<TypoReportDetail> {
  constructor(report: TypoReportDetail) {
    super('confab-typo-report', { detail: report, bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired after the adapter accepted a typo report. `count` includes identical earlier reports. */
export class ConfabTypoReportedEvent extends CustomEvent<{ report: TypoReportDetail; result: TypoReportResult }> {
  constructor(report: TypoReportDetail, result: TypoReportResult) {
    super('confab-typo-reported', { detail: { report, result }, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'confab-typo-report': ConfabTypoReportEvent;
    'confab-typo-reported': ConfabTypoReportedEvent;
  }
}
