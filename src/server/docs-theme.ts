/**
 * The API reference at /api/docs (Swagger UI) made readable for everyone: axe-core found text below
 * the WCAG AA contrast ratio, an image without a text alternative and an unlabelled field (the top
 * bar's logo and "explore" box, which this page does not need), and links nested in buttons (the
 * operations' deep links). The bar is hidden, deep links are off, and the colours below are darker
 * versions of Swagger UI's own, each at 4.5:1 or more on its background.
 */
const CSS = `
.swagger-ui .topbar { display: none; }
.swagger-ui, .swagger-ui .info .title, .swagger-ui .opblock-tag, .swagger-ui .opblock .opblock-summary-description,
.swagger-ui .parameter__name, .swagger-ui .parameter__type, .swagger-ui .response-col_status, .swagger-ui table thead tr th,
.swagger-ui .model, .swagger-ui .model-title, .swagger-ui .tab li, .swagger-ui label, .swagger-ui .opblock-description-wrapper p,
.swagger-ui .opblock-section-header h4, .swagger-ui .responses-inner h4, .swagger-ui .responses-inner h5 { color: #1b1b1b; }
.swagger-ui .info .title small, .swagger-ui .info .title small pre { background: #3b4151; color: #fff; }
.swagger-ui .info .title small.version-stamp { background: #2f6b0f; }
.swagger-ui .parameter__in, .swagger-ui .parameter__deprecated, .swagger-ui .prop-format, .swagger-ui .model .prop-type,
.swagger-ui .renderedMarkdown p, .swagger-ui .response-col_links { color: #4a4a4a; }
.swagger-ui .parameter__name.required::after, .swagger-ui .parameter__name.required span { color: #a4000f; }
.swagger-ui .opblock .opblock-summary-method { color: #fff; text-shadow: none; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1f5f99; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #1d6b45; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #8a4b00; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #1a6b62; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #a4000f; }
.swagger-ui .opblock .opblock-summary-path, .swagger-ui .opblock .opblock-summary-path__deprecated { color: #1b1b1b; }
.swagger-ui .btn, .swagger-ui .btn > span { color: #1b1b1b; }
.swagger-ui .btn.authorize { color: #1d6b45; border-color: #1d6b45; }
.swagger-ui .btn.authorize svg { fill: #1d6b45; }
.swagger-ui .btn.execute { background: #1f5f99; border-color: #1f5f99; color: #fff; }
.swagger-ui .btn.cancel { color: #a4000f; border-color: #a4000f; }
.swagger-ui a, .swagger-ui .info a, .swagger-ui .info .link { color: #1f5f99; }
.swagger-ui .response-control-media-type__accept-message { color: #1d6b45; }
.swagger-ui .model-toggle::after { filter: brightness(0.5); }
.swagger-ui select { color: #1b1b1b; }
.swagger-ui .scheme-container .schemes > label { color: #1b1b1b; }
.swagger-ui .highlight-code > .microlight, .swagger-ui .microlight { background: #1b1b1b !important; color: #fff !important; }
.swagger-ui .microlight span { color: inherit !important; }
`;

/** Options for @fastify/swagger-ui: the theme above, a page title, and no deep links. */
export const DOCS_OPTIONS = {
  uiConfig: { deepLinking: false },
  theme: { title: "Rogatory API reference", css: [{ filename: "accessible.css", content: CSS }] },
};
