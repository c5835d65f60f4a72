import { useRef, useState, type DragEvent, type FormEvent, type ReactNode } from "react";
import { Form } from "@remix-run/react";
import { useLocale, useT } from "~/components/i18n";
import { Field, FormError, useActionError, useErrorText } from "~/components/forms";
import { formatDate } from "~/i18n/format";
import { ACCEPT_ATTRIBUTE, fileHref, formatSize, isImage, typeLabel, type LibraryFileDto } from "~/modules/files/types";

/**
 * A file input that works without JavaScript (a plain <input type=file> in a multipart form); with JavaScript, files
 * may also be dropped on it and the chosen names are listed.
 */
export function FilePicker({
  name = "file",
  id: idProp,
  label,
  maxMb,
  multiple = true,
  error,
}: {
  name?: string;
  id?: string;
  label: string;
  maxMb: number;
  multiple?: boolean;
  error?: string | null;
}) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [over, setOver] = useState(false);
  const id = idProp ?? `f-${name}`;
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const el = input.current;
    if (!el || e.dataTransfer.files.length === 0) return;
    const dt = new DataTransfer();
    for (const f of Array.from(e.dataTransfer.files).slice(0, multiple ? undefined : 1)) dt.items.add(f);
    el.files = dt.files;
    setChosen(Array.from(dt.files).map((f) => f.name));
  };
  return (
    <div
      className={`file-drop${over ? " over" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="file"
        name={name}
        multiple={multiple}
        accept={ACCEPT_ATTRIBUTE}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setChosen(Array.from(e.currentTarget.files ?? []).map((f) => f.name))}
      />
      <p id={`${id}-hint`} className="hint muted">
        {t("files.hint", { max: maxMb })} <span className="file-drop-note">{t("files.dropHere")}</span>
      </p>
      {chosen.length > 0 ? (
        <ul className="file-chosen muted" aria-live="polite">
          {chosen.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * With JavaScript, a form carrying files is sent with XMLHttpRequest so that the upload's progress shows; the page then
 * loads where the action redirected, or shows the refusal the action rendered. Without files the form goes as usual.
 */
export function useUploadProgress() {
  const t = useT();
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const inputs = Array.from(form.querySelectorAll<HTMLInputElement>("input[type=file]"));
    if (!inputs.some((i) => (i.files?.length ?? 0) > 0) || typeof XMLHttpRequest === "undefined") return;
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLElement | null;
    const data = new FormData(form, submitter ?? undefined);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.pathname + window.location.search);
    xhr.upload.onprogress = (p) => {
      if (p.lengthComputable) setPercent(Math.floor((p.loaded / p.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status < 400) {
        window.location.assign(xhr.responseURL || window.location.href);
        return;
      }
      setPercent(null);
      const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      const message = doc.querySelector("#reply .form-error, .upload-form .form-error, .form-error, .field-error, .error-page h1")?.textContent?.trim();
      setError(message || t("files.uploadFailed"));
    };
    xhr.onerror = () => {
      setPercent(null);
      setError(t("files.uploadFailed"));
    };
    setError(null);
    setPercent(0);
    xhr.send(data);
  };
  const status =
    percent !== null ? (
      <p className="upload-progress" role="status">
        <progress max={100} value={percent} aria-label={t("files.uploading", { percent })} /> {t("files.uploading", { percent })}
      </p>
    ) : error ? (
      <div className="form-error" role="alert">
        {error}
      </div>
    ) : null;
  return { onSubmit, busy: percent !== null, status };
}

export interface ListedFile {
  id: string;
  name: string;
  size: number;
  type: string;
}

/** A post's attachments: a link per file (images with a small preview). */
export function Attachments({ files }: { files: ListedFile[] }) {
  const t = useT();
  const locale = useLocale();
  if (files.length === 0) return null;
  return (
    <ul className="attachments" aria-label={t("files.attachments")}>
      {files.map((f) => (
        <li key={f.id}>
          {isImage(f.type) ? <img className="file-thumb" src={`${fileHref(f)}?thumb=1`} alt={t("files.preview", { name: f.name })} loading="lazy" /> : null}
          <a href={fileHref(f)} download>
            {f.name}
          </a>{" "}
          <span className="muted">
            {typeLabel(f.type)}, {formatSize(f.size, locale)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A document library: name, uploader, date, size and type, and a remove button on the files the viewer may remove. */
export function FileTable({ files, caption }: { files: LibraryFileDto[]; caption: string }) {
  const t = useT();
  const locale = useLocale();
  const removing = files.some((f) => f.removable);
  return (
    <div className="table-wrap">
      <table className="file-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("files.name")}</th>
            <th scope="col">{t("files.uploadedBy")}</th>
            <th scope="col">{t("files.uploaded")}</th>
            <th scope="col">{t("files.size")}</th>
            <th scope="col">{t("files.type")}</th>
            {removing ? <td /> : null}
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.id}>
              <td>
                {isImage(f.type) ? <img className="file-thumb" src={`${fileHref(f)}?thumb=1`} alt={t("files.preview", { name: f.name })} loading="lazy" /> : null}
                <a href={fileHref(f)} download>
                  {f.name}
                </a>
                {f.participantsOnly ? (
                  <>
                    {" "}
                    <span className="tag">{t("files.participantsOnly")}</span>
                  </>
                ) : null}
                {f.description ? <div className="muted">{f.description}</div> : null}
              </td>
              <td>{f.uploader ?? <span className="muted">{t("files.formerMember")}</span>}</td>
              <td>
                <time dateTime={f.createdAt}>{formatDate(f.createdAt, locale)}</time>
              </td>
              <td>{formatSize(f.size, locale)}</td>
              <td>{typeLabel(f.type)}</td>
              {removing ? (
                <td>
                  {f.removable ? (
                    <Form method="post" className="inline" noValidate>
                      <input type="hidden" name="intent" value="removeFile" />
                      <input type="hidden" name="fileId" value={f.id} />
                      <button type="submit" className="button small secondary" aria-label={`${t("files.remove")}: ${f.name}`}>
                        {t("files.remove")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A page's file list with its upload form (a group's library, an event's materials, a campaign's files). The page's
 * action hands the `uploadFile` / `removeFile` intents to libraryIntent (app/modules/files/library.server.ts).
 */
export function FileLibrary({
  id,
  title,
  intro,
  empty,
  view,
  participantsOption = false,
  done,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  empty: string;
  view: { files: LibraryFileDto[]; canUpload: boolean; maxMb: number };
  participantsOption?: boolean;
  /** "added" / "removed" after the last library form. */
  done?: string | null;
}) {
  const t = useT();
  const errorText = useErrorText();
  const { error, intent } = useActionError();
  const upload = useUploadProgress();
  const mine = intent === "uploadFile" || intent === "removeFile" ? error : null;
  const fileError = mine && mine.field === "file" ? errorText(mine.key, mine.vars) : null;
  return (
    <section className="page" id={id} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      {intro ? <p className="muted">{intro}</p> : null}
      {done === "added" ? (
        <p className="notice" role="status">
          {t("files.added")}
        </p>
      ) : done === "removed" ? (
        <p className="notice" role="status">
          {t("files.removed")}
        </p>
      ) : null}
      {mine && !fileError ? <FormError error={mine} /> : null}
      {view.files.length === 0 ? <p className="muted">{empty}</p> : <FileTable files={view.files} caption={title} />}
      {view.canUpload ? (
        <Form method="post" encType="multipart/form-data" className="upload-form" noValidate onSubmit={upload.onSubmit} aria-label={`${title}: ${t("files.upload")}`}>
          <input type="hidden" name="intent" value="uploadFile" />
          <FilePicker id={`${id}-file`} label={t("files.fieldOne")} maxMb={view.maxMb} error={fileError} />
          <Field id={`${id}-description`} name="description" label={t("files.description")} maxLength={1000} />
          {participantsOption ? (
            <p>
              <label>
                <input type="checkbox" name="participantsOnly" value="yes" /> {t("files.participantsOnlyField")}
              </label>
            </p>
          ) : null}
          {upload.status}
          <button type="submit" className="button" disabled={upload.busy}>
            {t("files.upload")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
