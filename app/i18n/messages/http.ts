// Refusals made before a page runs (body size and type, malformed address, cross-site form) and the page shown
// while the database does not answer.

const en = {
  "http.413.title": "Too much data",
  "http.413.body": "The form sent more data than this page accepts. Shorten the text and try again.",
  "http.415.title": "Form not accepted",
  "http.415.body": "This address accepts only web forms sent from this site's pages.",
  "http.badForm": "The form data could not be read. Reload the page and try again.",
  "http.badUrl": "The address is malformed. Check the link and try again.",
  "http.csrfDetail": "The form came from {origin}, but this site's address is {appOrigin}.",
  "http.csrfNoOrigin": "The browser did not say which site the form came from.",
  "http.503.title": "Temporarily unavailable",
  "http.503.body": "The service cannot reach its database right now. Please try again in a minute; if you were saving something, check afterwards whether it was saved.",
};

export { en };
