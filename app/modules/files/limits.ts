/** Upload limits (server/config.ts reads MAX_UPLOAD_MB and ORG_FILE_QUOTA_MB into them). */
export interface FileLimits {
  /** The largest file (MAX_UPLOAD_MB, default 25 MB). */
  maxFileBytes: number;
  /** Everything one organisation's people have uploaded, together (ORG_FILE_QUOTA_MB, default 500 MB). */
  orgQuotaBytes: number;
}

export const MB = 1024 * 1024;
export const DEFAULT_FILE_LIMITS: FileLimits = { maxFileBytes: 25 * MB, orgQuotaBytes: 500 * MB };
/** What a multipart request may carry besides its files (the other form fields, part headers). */
export const MULTIPART_OVERHEAD_BYTES = 1 * MB;
