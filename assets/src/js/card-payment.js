/*
 * Card payment on an order's page, with Stripe Elements.
 *
 * The card fields belong to Stripe.js (or localstripe's stand-in, offline): the
 * card is tokenized in the browser and only the token is posted to Agora, which
 * saves it on the organization's Stripe customer and confirms the order's
 * PaymentIntent. A card that asks for 3-D Secure comes back `requires_action`;
 * Stripe.js runs that step, and Agora is asked again for the outcome.
 */
(function () {
  "use strict";

  var form = document.getElementById("card-payment");
  if (!form || typeof window.Stripe !== "function") {
    return;
  }
  var errors = document.getElementById("card-errors");
  var button = form.querySelector("button[type=submit]");
  var language = (document.documentElement.lang || "auto").toLowerCase();
  var stripe = window.Stripe(form.dataset.publishableKey, {
    locale: language.indexOf("zh") === 0 ? "zh" : language.split("-")[0],
  });
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  button.disabled = false;

  // What the buyer reads, in the page's language, for each of Stripe's error
  // codes and types; Stripe.js's own message may be raw ("Bad request").
  var messages = {};
  var source = document.getElementById("card-messages");
  if (source) {
    try {
      messages = JSON.parse(source.textContent);
    } catch (ignored) {
      messages = {};
    }
  }

  function explain(error) {
    if (!error) {
      return form.dataset.failed;
    }
    return (
      messages[error.decline_code] ||
      messages[error.code] ||
      messages[error.type] ||
      form.dataset.failed
    );
  }

  function show(message) {
    errors.textContent = message || form.dataset.failed;
  }

  function ask(fields) {
    var body = new FormData(form);
    Object.keys(fields).forEach(function (name) {
      body.set(name, fields[name]);
    });
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.statusText);
      }
      return response.json();
    });
  }

  function settle(answer) {
    if (answer.status === "requires_action") {
      return stripe.confirmCardPayment(answer.client_secret).then(function (result) {
        // Authenticated or not, Agora reads the outcome from Stripe itself.
        return ask({ refresh: "1" }).then(function (next) {
          if (next.status === "requires_action" || (result.error && next.status !== "succeeded")) {
            show(next.message || explain(result.error));
            return next;
          }
          return settle(next);
        });
      });
    }
    if (answer.status === "failed") {
      show(answer.message);
      return answer;
    }
    window.location.assign(answer.redirect);
    return answer;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    errors.textContent = "";
    stripe
      .createToken(card)
      .then(function (result) {
        if (result.error) {
          show(explain(result.error));
          return null;
        }
        return ask({ card_token: result.token.id }).then(settle);
      })
      .catch(function () {
        show();
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
