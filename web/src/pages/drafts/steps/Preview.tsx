import { useTranslation } from "react-i18next";
import type { Block, buildRequestDocument } from "../../../../../src/drafting/document";

/** The document as it will read, rendered from the same content model as the Word and PDF files. */
export function Preview({ doc }: { doc: ReturnType<typeof buildRequestDocument> }) {
  const { t } = useTranslation("drafts");
  const two = (f: { text: string; second?: string }) =>
    f.second ? (
      <div className="bilingual">
        <span dir={doc.dir}>{f.text}</span>
        <span dir={doc.second?.dir}>{f.second}</span>
      </div>
    ) : (
      f.text
    );
  const block = (b: Block, i: number) => {
    switch (b.kind) {
      case "heading":
        return (
          <h3 key={i}>
            {b.text.second
              ? two({ text: `${b.number} ${b.text.text}`, second: `${b.number} ${b.text.second}` })
              : `${b.number} ${b.text.text}`}
          </h3>
        );
      case "subheading":
        return <h4 key={i}>{two(b.text)}</h4>;
      case "fixed":
        return <p key={i}>{two(b.text)}</p>;
      case "free":
        return (
          <p key={i} dir="auto" className="free">
            {b.text}
          </p>
        );
      case "field":
        return (
          <p key={i}>
            <strong>
              {b.label.second ? `${b.label.text} / ${b.label.second}` : b.label.text}
              {doc.colon}
            </strong>
            <span dir="auto" className="value">
              {b.value}
            </span>
          </p>
        );
    }
  };
  return (
    <article className="preview" dir={doc.dir} lang={doc.lang} aria-label={t("review.previewLabel")} data-testid="preview">
      {doc.letterhead.map((l) => (
        <p key={l} className="letterhead" dir="auto">
          {l}
        </p>
      ))}
      {doc.marking && <p className="marking">{two(doc.marking)}</p>}
      {doc.meta.map((m) => (
        <p key={m.label.text} className="meta">
          {m.label.second ? `${m.label.text} / ${m.label.second}` : m.label.text}
          {doc.colon}
          <span dir="auto">{m.value}</span>
        </p>
      ))}
      <address className="addressee" data-testid="preview-addressee">
        {doc.addressee.map((l) => (
          <p key={l} dir="auto">
            {l}
          </p>
        ))}
      </address>
      <h2>{two(doc.title)}</h2>
      {doc.blocks.map(block)}
      <div className="signature">
        {doc.signature.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: signature lines are positional.
          <p key={i} dir="auto">
            {l || "\u00a0"}
          </p>
        ))}
      </div>
    </article>
  );
}
