/* Tìm kiếm (/tim-kiem/): queries run with Pagefind's JavaScript API
 * (plugins.search writes the index; theme/templates/search.html the form).
 *
 * - Vietnamese matching: the query is NFC-normalised and "đ" becomes "d"
 *   before Pagefind sees it; every record holds a "d" twin of its "đ" words
 *   after a hidden mark (plugins/search/records.py), and Pagefind ignores
 *   tone marks itself, so "doi ngoai", "Đối ngoại" and "dối ngoại" all meet.
 * - Excerpts are built here from the record's text before the hidden mark
 *   (sapo and body), never from Pagefind's excerpt, which shows the hidden
 *   twins when they are what matched.
 * - Topics first: when the query names a province (current or former), a
 *   partner country or an organization (names, aliases, acronyms from
 *   tim-kiem/chu-de.json, generated from data/*.toml), the articles filed
 *   under that topic come first (a filtered search; a former province: its
 *   own articles, then the current province's), then the other articles
 *   that hold the name as a phrase; articles that only hold its words
 *   apart ("Thái Lan … bình thường" for "Thái Bình") are left out.
 *   A one-word name without marks that is also a common word ("Anh",
 *   "Nga") is a topic only as the whole query, then followed by the
 *   articles that hold the word with any marks.
 * - "Lọc": section, province and year (Pagefind filters), in the URL with
 *   the query (?q=…&chuyen-muc=…&tinh=…&nam=…; the names are the form's,
 *   English on /en/search/), so a search can be shared;
 *   Back from a result shows as many results, at the same scroll
 *   (history.state).
 * - Several bundles (a large archive is indexed in chunks) are merged.
 */
(function () {
  "use strict";

  var HIDDEN_MARK = "\u2042";
  var PAGE_SIZE = 10;
  var EXCERPT_WORDS = 32;
  var DEBOUNCE_MS = 250;
  var NOT_WORD = /[^\p{L}\p{N}]+/u;
  var HAS_WORD = /[\p{L}\p{N}]/u;
  var WORD_EDGES = /^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u;
  var MARKS = /[\u0300-\u036f]/g;
  var SENTENCE_END = /[.!?…:;]["”’)]*$/;

  // ---- Texts ---------------------------------------------------------------

  // The texts this script writes, in Vietnamese (SCRIPT_LANG in
  // plugins/i18n/catalog.py; the same as theme/translations/vi). A page in
  // another language carries its own as data- attributes of [data-search]
  // (theme/templates/search.html). tests/test_i18n.py checks that these
  // equal the Vietnamese catalog.
  var TEXT = {
    section: "Chuyên mục",
    date: "Ngày đăng",
    searching: "Đang tìm “%(query)s”…",
    none: "Không tìm thấy bài nào cho “%(query)s”.",
    noneFiltered: "Không tìm thấy bài nào cho “%(query)s” với bộ lọc đã chọn. Hãy bỏ bớt bộ lọc.",
    foundOne: "Tìm thấy %(num)s bài cho “%(query)s”.",
    foundOther: "Tìm thấy %(num)s bài cho “%(query)s”.",
    foundFilteredOne: "Tìm thấy %(num)s bài cho “%(query)s” (đã lọc).",
    foundFilteredOther: "Tìm thấy %(num)s bài cho “%(query)s” (đã lọc).",
    failed: "Chưa tải được bộ tìm kiếm. Vui lòng tải lại trang.",
    listedOne: "%(num)s bài theo bộ lọc đã chọn.",
    listedOther: "%(num)s bài theo bộ lọc đã chọn.",
    noneListed: "Không có bài nào theo bộ lọc đã chọn. Hãy bỏ bớt bộ lọc."
  };
  var texts = TEXT;

  // ``key``'s text with its placeholders filled: %(query)s, %(num)s.
  function say(key, values) {
    return String(texts[key]).replace(/%\((\w+)\)s/g, function (whole, name) {
      return values && name in values ? values[name] : whole;
    });
  }

  // The page's texts (data-<key> of the [data-search] element) over the built-in ones.
  function pageTexts(app) {
    var own = {};
    Object.keys(TEXT).forEach(function (key) {
      var value = app.dataset[key];
      own[key] = value === undefined ? TEXT[key] : value;
    });
    return own;
  }

  // "found" or "foundFiltered" with the plural form of ``count`` (one / other).
  function plural(key, count) {
    var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "vi") : null;
    return key + (rules && rules.select(count) === "one" ? "One" : "Other");
  }

  // ---- Vietnamese text -------------------------------------------------

  // Lower case, NFC, and the tone of an open "oa", "oe", "uy" on its first
  // vowel, as most texts write it: "hoà" is "hòa", "thuỷ" is "thủy" (not
  // "quý", whose "u" belongs to "qu").
  var OLD_TONE = /(?<!q)([ou])([àáảãạèéẻẽẹỳýỷỹỵ])(?![\p{L}\p{N}])/gu;
  function newTone(all, first, second) {
    var parts = second.normalize("NFD");
    var base = parts.charAt(0);
    if ((first === "o" && (base === "a" || base === "e")) || (first === "u" && base === "y")) {
      return (first + parts.slice(1)).normalize("NFC") + base;
    }
    return all;
  }
  function lower(text) {
    return String(text).normalize("NFC").toLowerCase().replace(OLD_TONE, newTone);
  }

  // What Pagefind is given: "đ" → "d", other marks kept (it ignores them).
  function dFold(text) {
    return String(text).normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  // A Vietnamese syllable written without its marks: an initial consonant
  // (or none), one to three vowels, a final consonant (or none).
  var SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/;

  // For comparisons: lower case, no marks, "đ" → "d" ("Đà Nẵng" → "da nang").
  function fold(text) {
    return lower(text).replace(/đ/g, "d").normalize("NFD").replace(MARKS, "").normalize("NFC");
  }

  // The words of a text, lower case, marks kept.
  function words(text) {
    return lower(text).split(NOT_WORD).filter(Boolean);
  }

  // The English edition's page: its index stems English words (Pagefind
  // finds "scholarship" for "scholarships"), and its readers write the
  // country "Viet Nam" as the UN does, where the articles say "Vietnam".
  var ENGLISH = /^en\b/i.test(document.documentElement.lang || "");

  // Free words of an English query as the articles write them: "Viet Nam"
  // (the UN's spelling) is "Vietnam". Only free words: a topic's name keeps
  // its words ("Hội hữu nghị Việt Nam - Cuba" on the English page).
  function asWritten(queryWords) {
    if (!ENGLISH) {
      return queryWords;
    }
    var joined = [];
    queryWords.forEach(function (word, index) {
      if (fold(word) === "nam" && index > 0 && fold(queryWords[index - 1]) === "viet") {
        joined[joined.length - 1] = "vietnam";
      } else {
        joined.push(word);
      }
    });
    return joined;
  }

  // An English word's stem, as far as comparing a query with a text needs
  // ("typhoons", "typhoon"; "celebrated", "celebrate"); other words as they are.
  function stem(word) {
    if (!ENGLISH || word.length < 4) {
      return word;
    }
    var cut = word
      .replace(/ies$/, "y")
      .replace(/(ss|x|z|ch|sh)es$/, "$1")
      .replace(/([^su])s$/, "$1");
    if (cut === word && word.length > 5) {
      cut = word.replace(/(ing|ed)$/, "");
    }
    return cut.length > 3 ? cut.replace(/e$/, "") : cut;
  }

  // Two English words of one family: the same stem, or one stem the start
  // of the other's, five letters at least ("celebrations", "celebrate";
  // "donations", "donated"): Pagefind's stemmer goes further than stem().
  function kin(word, other) {
    if (word === other) {
      return true;
    }
    if (!ENGLISH) {
      return false;
    }
    var a = stem(word);
    var b = stem(other);
    var shorter = a.length <= b.length ? a : b;
    var longer = shorter === a ? b : a;
    return a === b || (shorter.length >= 5 && longer.indexOf(shorter) === 0);
  }

  // Words that say what kind of place a name is, where a language puts
  // them: before it in Vietnamese ("tinh Thai Binh", "thanh pho Hue", "TP
  // Hue"), after it in English ("Hue Province", "Can Tho City"). They add
  // nothing to the search, and an article need not write them.
  var PLACE_BEFORE = [["tinh"], ["thanh", "pho"], ["tp"]];
  var PLACE_AFTER = [["province"], ["provincial"], ["city"], ["town"]];

  // The positions of ``queryWords`` that are place words of a name, for the
  // name spans ``spans`` ({start, end}); "thanh niên" is no place phrase.
  function placeWords(queryWords, spans) {
    var folded = queryWords.map(fold);
    var found = new Set();
    function at(index, phrase) {
      return phrase.every(function (word, offset) { return folded[index + offset] === word; });
    }
    spans.forEach(function (span) {
      PLACE_BEFORE.forEach(function (phrase) {
        var start = span.start - phrase.length;
        if (start >= 0 && at(start, phrase)) {
          phrase.forEach(function (_, offset) { found.add(start + offset); });
        }
      });
      PLACE_AFTER.forEach(function (phrase) {
        if (at(span.end, phrase)) {
          phrase.forEach(function (_, offset) { found.add(span.end + offset); });
        }
      });
    });
    return found;
  }

  // One query word. Typed without marks it matches any marks ("thai" is
  // "Thái"); typed with marks it must have the same ones, "d" standing for
  // "đ" ("dà" is "Đà", "lão" is not "Lào").
  function Term(word) {
    this.word = word;
    this.folded = fold(word);
    this.plain = word.replace(/đ/g, "d");
    this.accented = word !== this.folded;
  }
  // English words by their stems ("NGOs" is "NGO"); a hyphenated word by
  // its parts ("Vietnam-Korea" holds "Korea").
  Term.prototype.is = function (word) {
    if (this.accented) {
      return word.replace(/đ/g, "d") === this.plain;
    }
    var self = this;
    return fold(word).split("-").some(function (part) {
      return kin(part, self.folded);
    });
  };
  Term.prototype.starts = function (word) {
    return this.accented
      ? word.replace(/đ/g, "d").indexOf(this.plain) === 0
      : fold(word).indexOf(this.folded) === 0;
  };

  // ---- Topics (tim-kiem/chu-de.json) -------------------------------------

  // Positions, in Pagefind's count (one per space-separated token, a lone
  // "-" included), of the name's words: "Việt Nam - Lào" → [0, 1, 3].
  function offsets(name) {
    var result = [];
    String(name).trim().split(/\s+/).forEach(function (token, index) {
      if (HAS_WORD.test(token)) {
        result.push(index);
      }
    });
    return result;
  }

  function Topics(data) {
    var byFirst = (this.byFirst = new Map());
    this.filter = data.filter;
    this.terms = data.terms || {};
    (data.names || []).forEach(function (pair) {
      var name = pair[0];
      var nameWords = words(name);
      if (!nameWords.length) {
        return;
      }
      var entry = { name: name, words: nameWords, keys: pair[1], offsets: offsets(name) };
      var first = fold(nameWords[0]);
      if (!byFirst.has(first)) {
        byFirst.set(first, []);
      }
      byFirst.get(first).push(entry);
    });
  }

  // Does ``entry`` match the query words from ``start``? A one-word name
  // with marks ("Lào", "Huế") only matches when typed with them: "lao",
  // "hue" are other words too.
  Topics.prototype.matches = function (entry, query, start) {
    var count = entry.words.length;
    if (start + count > query.length) {
      return false;
    }
    for (var i = 0; i < count; i += 1) {
      var term = new Term(query[start + i]);
      if (term.folded !== fold(entry.words[i]) || !term.is(entry.words[i])) {
        return false;
      }
    }
    var only = entry.words[0];
    return count > 1 || only === fold(only) || new Term(query[start]).accented;
  };

  // The topic names in the query words, longest first, left to right.
  Topics.prototype.find = function (query) {
    var found = [];
    var start = 0;
    while (start < query.length) {
      var best = [];
      var length = 0;
      var self = this;
      (this.byFirst.get(fold(query[start])) || []).forEach(function (entry) {
        if (!self.matches(entry, query, start)) {
          return;
        }
        if (entry.words.length > length) {
          best = [entry];
          length = entry.words.length;
        } else if (entry.words.length === length) {
          best.push(entry);
        }
      });
      if (!length) {
        start += 1;
        continue;
      }
      var keys = [];
      best.forEach(function (entry) {
        entry.keys.forEach(function (key) {
          if (keys.indexOf(key) === -1) {
            keys.push(key);
          }
        });
      });
      // The name as this edition's articles write it, when the words typed
      // are its own name of the topic but for marks ("da nang" is "Đà Nẵng"
      // on the Vietnamese page, "quảng trị" is "Quang Tri" on the English
      // one); else the spelling typed, when it is one of the names of more
      // than one word (an alias such as "Sài Gòn": a phrase is checked).
      var typedWords = query.slice(start, start + length);
      var own = this.ownName(best, typedWords);
      var chosen = own ||
        best.filter(function (entry) { return entry.words.join(" ") === typedWords.join(" "); })[0] ||
        best[0];
      // A one-word alias the articles may not hold at all ("Cambodia" on the
      // Vietnamese page, "Campuchia" on the English one): Pagefind answers a
      // word it lacks with a prefix it has ("cam…"), and a one-word name is
      // checked as no phrase. Its articles' own name is searched instead
      // (and highlighted); when that name is one syllable ("Russia": "Nga",
      // also a person's name), only the articles filed under the topic.
      var ownName = this.terms[keys[0]];
      var filedOnly = false;
      if (!own && chosen.words.length === 1 && ownName) {
        filedOnly = words(ownName).length === 1 && SYLLABLE.test(fold(ownName));
        chosen = { name: ownName, offsets: offsets(ownName) };
      }
      found.push({
        start: start,
        end: start + length,
        name: chosen.name,
        offsets: chosen.offsets,
        keys: keys,
        filedOnly: filedOnly,
        // One word without marks that is a Vietnamese syllable ("Anh", "Nga")
        // is also a common word without its marks ("ảnh", "anh", "ngà"): the
        // query may mean either. "Cambodia", "Laos" are no such word: their
        // plain search only met prefixes Pagefind has ("cam…", 21 strays).
        ambiguous: length === 1 && best.every(function (entry) {
          return entry.words[0] === fold(entry.words[0]) && SYLLABLE.test(entry.words[0]);
        })
      });
      start += length;
    }
    return found;
  };

  // The edition's own name (``terms``) of one of the ``best`` entries' topics
  // that is the typed words but for marks, as an entry; null when none is.
  Topics.prototype.ownName = function (best, typedWords) {
    var folded = typedWords.map(fold).join(" ");
    var terms = this.terms;
    for (var i = 0; i < best.length; i += 1) {
      for (var j = 0; j < best[i].keys.length; j += 1) {
        var name = terms[best[i].keys[j]];
        if (name && words(name).map(fold).join(" ") === folded) {
          return { name: name, offsets: offsets(name) };
        }
      }
    }
    return null;
  };

  // Is there a run of matched positions laid out as the name's words?
  function hasPhrase(locations, nameOffsets) {
    var seen = new Set(locations);
    return locations.some(function (location) {
      return nameOffsets.every(function (offset) {
        return seen.has(location + offset - nameOffsets[0]);
      });
    });
  }

  // ---- Searching ---------------------------------------------------------

  // The searches one query runs, and the words to highlight (a topic's
  // name as written: "da nang" highlights "Đà Nẵng", not "đã").
  function plans(query, filters, topics) {
    var queryWords = words(query);
    if (!queryWords.length) {
      return null;
    }
    var found = topics ? topics.find(queryWords) : [];
    // The words but those of place phrases around a name found ("Hue
    // Province" is one word and a place word).
    var placed = placeWords(queryWords, found);
    var meaningful = queryWords.filter(function (word, index) { return !placed.has(index); });
    if (meaningful.length > 1) {
      // A name that is also a common word is a name only on its own (or
      // with a place word: "Hue Province"): "phong su anh" is "phóng sự
      // ảnh", "Anh" alone is Britain.
      found = found.filter(function (topic) { return !topic.ambiguous; });
    }
    if (!found.length) {
      var typedMarks = queryWords.some(function (word) { return word !== fold(word); });
      var free = asWritten(queryWords);
      return {
        // Typed with marks ("bão"): the articles with those very marks
        // first, then those with others ("bào", "báo").
        marked: typedMarks ? { term: dFold(free.join(" ")), filters: filters } : null,
        tiers: [{ term: dFold(free.join(" ")), filters: filters }],
        highlight: { words: free, phrases: [], prefix: true }
      };
    }
    var named = function (index) {
      return found.some(function (topic) {
        return index >= topic.start && index < topic.end;
      });
    };
    var beside = placeWords(queryWords, found);
    var rest = asWritten(queryWords.filter(function (word, index) {
      return !named(index) && !beside.has(index);
    }));
    var tiers = [];
    var depth = Math.max.apply(null, found.map(function (topic) { return topic.keys.length; }));
    for (var level = 0; level < depth; level += 1) {
      var keys = [];
      found.forEach(function (topic) {
        var key = topic.keys[Math.min(level, topic.keys.length - 1)];
        if (keys.indexOf(key) === -1) {
          keys.push(key);
        }
      });
      var scoped = Object.assign({}, filters);
      scoped[topics.filter] = keys;
      // Every article filed under a key holds its name (its record's topics).
      var termWords = rest.concat(keys.map(function (key) { return topics.terms[key] || ""; }));
      tiers.push({ term: dFold(termWords.join(" ")), filters: scoped });
    }
    return {
      tiers: tiers,
      highlight: {
        words: rest,
        phrases: found.map(function (topic) { return words(topic.name); }),
        prefix: !named(queryWords.length - 1) && !beside.has(queryWords.length - 1)
      },
      // Then the other articles that name every topic as a phrase …
      names: found.some(function (topic) { return topic.filedOnly; }) ? null : {
        term: found.map(function (topic) { return topic.name; }).join(" "),
        filters: filters,
        phrases: found.map(function (topic) { return topic.offsets; }),
        longer: longerNames(found, topics)
      },
      // … and hold the other words of the query.
      rest: rest.length ? { term: dFold(rest.join(" ")), filters: filters } : null,
      // A name that may be a common word, alone: after its articles, those
      // that hold the word in any way ("anh" also finds "ảnh", "ánh").
      plain: found.length === 1 && found[0].ambiguous
        ? { term: dFold(meaningful.join(" ")), filters: filters }
        : null
    };
  }

  // The longer names that begin with a one-word topic's name: "Lào Cai"
  // for "Lào", and for "Laos" too (English search stems "Laos" to "lao").
  // An article that holds the word only inside them does not name the topic.
  function longerNames(found, topics) {
    var longer = [];
    if (found.length !== 1 || found[0].offsets.length !== 1) {
      return longer;
    }
    var single = words(found[0].name)[0];
    var stems = [fold(single)];
    if (/s$/.test(stems[0]) && stems[0].length > 3) {
      stems.push(stems[0].slice(0, -1));
    }
    stems.forEach(function (stem) {
      (topics.byFirst.get(stem) || []).forEach(function (entry) {
        if (entry.words.length > 1 && fold(entry.words[0]) === stem && longer.indexOf(entry.name) === -1) {
          longer.push(entry.name);
        }
      });
    });
    return longer;
  }

  // Run the plan of ``query``: ``engines.loose`` is Pagefind as configured
  // (marks ignored), ``engines.exact()`` an instance that compares marks, for
  // topic names searched as written ("Đà Nẵng" must not meet "đã nâng").
  // Resolves to {results, highlight}.
  function search(engines, query, filters, topics) {
    var plan = plans(query, filters, topics);
    var quoted = quotedPhrases(query);
    if (!plan) {
      return Promise.resolve({ results: [], highlight: { words: [], phrases: [] } });
    }
    function run(engine, step) {
      return step ? engine.search(step.term, { filters: step.filters }) : Promise.resolve(null);
    }
    var exact = plan.names || plan.marked ? engines.exact() : null;
    return Promise.all([
      Promise.all(plan.tiers.map(function (step) { return run(engines.loose, step); })),
      exact ? exact.then(function (engine) { return run(engine, plan.names); }) : null,
      run(engines.loose, plan.rest),
      run(engines.loose, plan.plain),
      exact ? exact.then(function (engine) { return run(engine, plan.marked); }) : null,
      exact && plan.names && plan.names.longer.length
        ? exact.then(function (engine) {
          return Promise.all(plan.names.longer.map(function (name) {
            return engine.search(name, { filters: plan.names.filters });
          }));
        })
        : null
    ]).then(function (answers) {
      var seen = new Set();
      var merged = [];
      function add(result) {
        if (!seen.has(result.id)) {
          seen.add(result.id);
          merged.push(result);
        }
      }
      if (answers[4]) {
        answers[4].results.forEach(add);
      }
      answers[0].forEach(function (response) {
        response.results.forEach(add);
      });
      // Where the words of the longer names are, by article.
      var inLonger = new Map();
      (answers[5] || []).forEach(function (response) {
        response.results.forEach(function (result) {
          var at = inLonger.get(result.id) || new Set();
          (result.words || []).forEach(function (location) { at.add(location); });
          inLonger.set(result.id, at);
        });
      });
      // "Lào" only in "Lào Cai" ("Laos" too: English search stems it to "lao").
      function onlyInLonger(result) {
        var at = inLonger.get(result.id);
        return Boolean(at) && (result.words || []).every(function (location) {
          return at.has(location + 1);
        });
      }
      if (answers[1]) {
        var named = answers[1].results.filter(function (result) {
          if (onlyInLonger(result)) {
            return false;
          }
          return plan.names.phrases.every(function (phrase) {
            return phrase.length < 2 || hasPhrase(result.words || [], phrase);
          });
        });
        if (answers[2]) {
          var ids = new Set(named.map(function (result) { return result.id; }));
          answers[2].results.forEach(function (result) {
            if (ids.has(result.id)) {
              add(result);
            }
          });
        } else {
          named.forEach(add);
        }
      }
      if (answers[3]) {
        answers[3].results.forEach(function (result) {
          if (!onlyInLonger(result)) {
            add(result);
          }
        });
      }
      return { results: merged, highlight: plan.highlight };
    }).then(function (found) {
      // A phrase in quotes: only the articles that hold its words in a row.
      if (!quoted.length) {
        return found;
      }
      return placesOfWords(engines.loose, quoted, filters).then(function (places) {
        found.results = found.results.filter(function (result) {
          return quoted.every(function (phrase) { return holdsPhrase(places, result.id, phrase); });
        });
        return found;
      });
    });
  }

  // Where each word of the quoted phrases is, by article: one search per
  // word (a result's locations are those of the word searched), so a phrase
  // is its words in their order, not any words side by side.
  // Resolves to {word: Map(article id → Set of positions)}.
  function placesOfWords(engine, phrases, filters) {
    var wanted = [];
    phrases.forEach(function (phrase) {
      phrase.words.forEach(function (word) {
        if (wanted.indexOf(word) === -1) {
          wanted.push(word);
        }
      });
    });
    return Promise.all(wanted.map(function (word) {
      return engine.search(word, { filters: filters });
    })).then(function (responses) {
      var places = {};
      responses.forEach(function (response, index) {
        var byArticle = new Map();
        response.results.forEach(function (result) {
          byArticle.set(result.id, new Set(result.words || []));
        });
        places[wanted[index]] = byArticle;
      });
      return places;
    });
  }

  // Does article ``id`` hold ``phrase``'s words at their distances?
  function holdsPhrase(places, id, phrase) {
    var sets = phrase.words.map(function (word) { return places[word].get(id); });
    if (sets.some(function (set) { return !set; })) {
      return false;
    }
    var first = phrase.at[0];
    return Array.from(sets[0]).some(function (position) {
      return sets.every(function (set, index) {
        return set.has(position + phrase.at[index] - first);
      });
    });
  }

  // The phrases a query puts in quotes ("…", “…”): {words, at}, each word
  // with the position of its token as Pagefind counts them (split on spaces;
  // "Việt Nam - Lào": 0, 1, 3; the words of "people-to-people" share one).
  // A word with "d" or "đ" is left out: the index meets "đối" only in the
  // article's hidden folded words, away from its place in the text ("d" may
  // be typed for "đ"). A phrase with fewer than two other words is not checked.
  function quotedPhrases(query) {
    var found = [];
    var pattern = /["“”]([^"“”]+)["“”]/g;
    var match;
    while ((match = pattern.exec(query))) {
      var phrase = { words: [], at: [] };
      match[1].trim().split(/\s+/).forEach(function (token, index) {
        words(token).forEach(function (word) {
          if (!/[dđ]/.test(word)) {
            phrase.words.push(word);
            phrase.at.push(index);
          }
        });
      });
      if (phrase.words.length > 1) {
        found.push(phrase);
      }
    }
    return found;
  }

  // ---- Excerpts and highlighting -------------------------------------------

  // What to highlight: ``spec.words``, each on its own (the last one also
  // as a prefix when ``spec.prefix``: the reader may still be typing), and
  // ``spec.phrases``, topic names as written, only whole. Returns a function
  // of a text's tokens (split on spaces) giving, for each, the index of what
  // it matched, or -1.
  // English words too common to mark on their own in a longer query
  // ("people-to-people" is searched as "people to people": every "to" was
  // marked). Marked inside a phrase, or when the query is that word alone.
  var ENGLISH_COMMON = ["a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the", "to", "with"];

  function highlighter(spec) {
    var terms = spec.words.map(function (word) { return new Term(word); });
    var typedLast = terms[terms.length - 1];
    if (ENGLISH && terms.length > 1) {
      var kept = terms.filter(function (term) { return ENGLISH_COMMON.indexOf(term.folded) === -1; });
      terms = kept.length ? kept : terms;
    }
    var phrases = spec.phrases.map(function (phrase) {
      return phrase.map(function (word) { return new Term(word); });
    });
    return function (tokens) {
      var cores = tokens.map(function (token) { return lower(WORD_EDGES.exec(token)[2]); });
      var hits = cores.map(function () { return -1; });
      var spots = []; // the tokens that hold a word (a lone "-" does not)
      cores.forEach(function (core, index) {
        if (core) {
          spots.push(index);
        }
      });
      phrases.forEach(function (phrase, number) {
        for (var at = 0; at + phrase.length <= spots.length; at += 1) {
          var whole = phrase.every(function (term, offset) { return term.is(cores[spots[at + offset]]); });
          if (whole) {
            phrase.forEach(function (term, offset) { hits[spots[at + offset]] = terms.length + number; });
          }
        }
      });
      // The word still being typed (a prefix): only if it is still marked.
      var last = terms.indexOf(typedLast) >= 0 ? typedLast : null;
      cores.forEach(function (core, index) {
        if (!core || hits[index] >= 0) {
          return;
        }
        for (var i = 0; i < terms.length; i += 1) {
          if (terms[i].is(core)) {
            hits[index] = i;
            return;
          }
        }
        if (spec.prefix && last && last.folded.length >= 3 && last.starts(core)) {
          hits[index] = terms.length - 1;
        }
      });
      return hits;
    };
  }

  // Append ``tokens`` to ``parent``, those with a hit in <mark>, one <mark>
  // for a run of them ("Thái Bình").
  function appendMarked(parent, tokens, hits) {
    var open = null;
    tokens.forEach(function (token, index) {
      var parts = WORD_EDGES.exec(token);
      var hit = hits[index] >= 0 && parts[2] !== "";
      if (hit && open && !parts[1]) {
        open.append(" " + parts[2]);
      } else {
        parent.append((index ? " " : "") + parts[1] + (hit ? "" : parts[2]));
        open = null;
        if (hit) {
          open = document.createElement("mark");
          open.textContent = parts[2];
          parent.append(open);
        }
      }
      if (parts[3]) {
        parent.append(parts[3]);
        open = null;
      }
    });
  }

  // The article's own text: the record before the hidden mark, title left out.
  function articleText(data) {
    var text = String(data.content || "");
    var cut = text.indexOf(HIDDEN_MARK);
    text = (cut === -1 ? text : text.slice(0, cut)).trim();
    var title = String((data.meta && data.meta.title) || "").trim();
    if (title && text.indexOf(title) === 0) {
      text = text.slice(title.length).trim();
    }
    return text;
  }

  // Where an excerpt showing tokens[index] starts: its sentence's start if
  // that is near, else a few words before it.
  function sentenceStart(tokens, index) {
    for (var back = index - 1; back >= 0 && back >= index - 12; back -= 1) {
      if (SENTENCE_END.test(tokens[back])) {
        return back + 1;
      }
    }
    return index <= 12 ? 0 : index - 4;
  }

  // A window of EXCERPT_WORDS words with the most distinct query terms.
  function excerpt(data, highlight) {
    var tokens = articleText(data).split(/\s+/).filter(Boolean);
    var hits = highlight(tokens);
    var start = 0;
    var best = -1;
    hits.forEach(function (hit, index) {
      if (hit < 0) {
        return;
      }
      var from = Math.max(0, Math.min(sentenceStart(tokens, index), tokens.length - EXCERPT_WORDS));
      var terms = new Set();
      var count = 0;
      for (var i = from; i < Math.min(tokens.length, from + EXCERPT_WORDS); i += 1) {
        if (hits[i] >= 0) {
          terms.add(hits[i]);
          count += 1;
        }
      }
      var score = terms.size * 1000 + count;
      if (score > best) {
        best = score;
        start = from;
      }
    });
    var end = Math.min(tokens.length, start + EXCERPT_WORDS);
    var paragraph = document.createElement("p");
    paragraph.className = "search-result-excerpt";
    if (start > 0) {
      paragraph.append("… ");
    }
    appendMarked(paragraph, tokens.slice(start, end), hits.slice(start, end));
    if (end < tokens.length) {
      paragraph.append(" …");
    }
    return paragraph;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function labelled(className, label, value) {
    var span = element("span", className);
    span.append(element("span", "search-result-label", label + ":"), " ", value);
    return span;
  }

  function card(data, highlight) {
    var meta = data.meta || {};
    var item = element("li", "search-result");
    var heading = element("h2", "search-result-title");
    var link = element("a");
    link.href = data.url;
    var title = String(meta.title || data.url).split(/\s+/).filter(Boolean);
    appendMarked(link, title, highlight(title));
    heading.append(link);
    item.append(heading);
    var line = element("p", "search-result-meta");
    if (meta.section) {
      line.append(labelled("search-result-section", say("section"), meta.section));
    }
    if (meta.dateline || meta.date) {
      var time = element("time", "", meta.dateline || meta.date);
      if (meta.datetime) {
        time.setAttribute("datetime", meta.datetime);
      }
      line.append(line.childNodes.length ? " " : "", labelled("search-result-date", say("date"), time));
    }
    item.append(line, excerpt(data, highlight));
    return item;
  }

  // ---- The page ------------------------------------------------------------

  function start() {
    var app = document.querySelector("[data-search]");
    if (!app) {
      return;
    }
    var bundles = JSON.parse(app.getAttribute("data-bundles") || "[]");
    if (!bundles.length) {
      return;
    }
    var kind = JSON.parse(app.getAttribute("data-kind") || "{}");
    texts = pageTexts(app);
    var form = app.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var panel = form.querySelector("details");
    var counter = form.querySelector("[data-filter-count]");
    var reset = form.querySelector("[data-filter-reset]");
    var status = app.querySelector("[data-search-status]");
    var list = app.querySelector("[data-search-results]");
    var more = app.querySelector("[data-search-more]");
    var hint = app.querySelector("[data-search-hint]");
    // (Only when the other edition has a search page: it is this page's alternate.)
    var switchLinks = document.querySelector('link[rel="alternate"][hreflang]')
      ? Array.prototype.slice.call(document.querySelectorAll(".edition-switch a[href]"))
      : [];
    switchLinks.forEach(function (link) {
      link.setAttribute("data-search-home", link.getAttribute("href"));
    });
    var state = { results: [], shown: 0, highlight: null, run: 0 };
    // Where the reader was, when they come back (Back, reload): how many
    // results were shown and how far down ({q, shown, scroll}, keepPlace).
    var saved = window.history.state;
    if ("scrollRestoration" in window.history) {
      window.history.scrollRestoration = "manual"; // the results come later
    }

    // The query and filters of the address (on opening the page, and on
    // Back / Forward between the queries of this page).
    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      input.value = params.get("q") || "";
      selects.forEach(function (select) {
        var wanted = params.get(select.name) || "";
        var known = Array.prototype.some.call(select.options, function (option) {
          return option.value === wanted;
        });
        if (!known) {
          select.append(new Option(wanted, wanted));
        }
        select.value = wanted;
      });
    }
    fromAddress();

    function chosenFilters() {
      var filters = Object.assign({}, kind);
      selects.forEach(function (select) {
        if (select.value) {
          filters[select.getAttribute("data-filter")] = select.value;
        }
      });
      return filters;
    }

    function showCount() {
      var count = selects.filter(function (select) { return select.value; }).length;
      counter.textContent = count ? "(" + count + ")" : "";
      reset.hidden = !count;
      return count;
    }
    if (showCount()) {
      panel.open = true;
    }

    // History: each query the reader settles on (Enter, a filter) is an
    // entry of its own, so Back returns to the previous query; while the
    // reader types, one entry follows the words. ``how``: "type", "commit"
    // (push a new entry unless typing made one), "replace" (the address
    // only tidied: opening the page, Back / Forward, a filter value matched).
    var typing = false;
    function remember(how) {
      var next = new URLSearchParams();
      if (input.value.trim()) {
        next.set("q", input.value.trim());
      }
      selects.forEach(function (select) {
        if (select.value) {
          next.set(select.name, select.value);
        }
      });
      var query = next.toString() ? "?" + next.toString() : "";
      if (query !== window.location.search) {
        var address = query || window.location.pathname;
        if (how === "replace" || typing) {
          window.history.replaceState(null, "", address);
        } else {
          window.history.pushState(null, "", address);
        }
      }
      typing = how === "type";
      // The other edition's search page takes the keywords too (not the
      // filters: their values are this edition's names).
      switchLinks.forEach(function (link) {
        var words = input.value.trim();
        link.href = link.getAttribute("data-search-home") + (words ? "?q=" + encodeURIComponent(words) : "");
      });
    }

    // The bundles merged into one instance (``options``: the instance's).
    function merged(instance, options) {
      return Promise.all(bundles.slice(1).map(function (path) {
        return instance.mergeIndex(path, options);
      })).then(function () {
        return instance;
      });
    }
    // The records' URLs are site-relative ("/en/article/x/"); Pagefind puts
    // its baseUrl before them, by default the folder above the bundle
    // ("/en/" for the English edition's): that edition's page names the
    // site's root instead (data-base-url, partials/script_texts.html).
    var baseUrl = app.getAttribute("data-base-url");
    var base = baseUrl ? { baseUrl: baseUrl } : {};
    var loading = import(bundles[0] + "pagefind.js");
    var exactEngine = null;
    var ready = loading.then(function (pagefind) {
      return (baseUrl ? pagefind.options(base) : Promise.resolve()).then(function () {
        return merged(pagefind, base);
      });
    }).then(function (pagefind) {
      return {
        loose: pagefind,
        filters: pagefind.filters,
        // Made on the first query that names a topic.
        exact: function () {
          if (!exactEngine) {
            var exact = Object.assign({ exactDiacritics: true }, base);
            exactEngine = merged(pagefind.createInstance(exact), exact);
          }
          return exactEngine;
        }
      };
    });
    var topicsReady = window.fetch(app.getAttribute("data-topics"))
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { return data ? new Topics(data) : null; })
      .catch(function () { return null; });

    // The value among ``values`` that a former name in the address stands
    // for (?tinh=Quảng Bình: Quảng Trị, which the articles are filed under
    // since 1 July 2025), by the topics' names; "" when none.
    function nowNamed(topics, written, values) {
      var found = "";
      ((topics && topics.byFirst.get(fold(words(written)[0] || ""))) || []).forEach(function (entry) {
        if (found || fold(entry.name) !== fold(written)) {
          return;
        }
        entry.keys.forEach(function (key) {
          var name = topics.terms[key];
          if (!found && name && values.indexOf(name) !== -1) {
            found = name;
          }
        });
      });
      return found;
    }

    // Resolves to true when a value from the address was read as another.
    function fillFilters(engines) {
      var changed = false;
      return Promise.all([engines.filters(), topicsReady]).then(function (loaded) {
        var available = loaded[0];
        var topics = loaded[1];
        selects.forEach(function (select) {
          var values = Object.keys(available[select.getAttribute("data-filter")] || {});
          if (select.hasAttribute("data-newest-first")) { /* the years (the form marks them) */
            values.sort(function (a, b) { return b.localeCompare(a); });
          } else {
            values.sort(function (a, b) { return a.localeCompare(b, "vi"); });
          }
          var chosen = select.value;
          // An address typed or shared without marks (?tinh=hung+yen): the
          // value it stands for.
          if (chosen && values.indexOf(chosen) === -1) {
            var same = values.filter(function (value) { return fold(value) === fold(chosen); })[0] ||
              nowNamed(topics, chosen, values);
            if (same) {
              chosen = same;
              changed = true;
            }
          }
          select.length = 1;
          values.forEach(function (value) {
            select.append(new Option(value, value, false, value === chosen));
          });
          if (chosen && values.indexOf(chosen) === -1) {
            select.append(new Option(chosen, chosen, true, true));
          }
        });
        return changed;
      });
    }

    function shorten(query) {
      // The status line puts the query in quotes: a quoted query shows once.
      var shown = query.replace(/^["“]([^"“”]*)["”]$/, "$1"); // one phrase in quotes
      var chars = Array.from(shown); // whole characters, not UTF-16 halves
      return chars.length > QUERY_SHOWN ? chars.slice(0, QUERY_SHOWN - 1).join("").trimEnd() + "…" : shown;
    }

    function keepPlace() {
      var place = { q: input.value.trim(), shown: state.shown, scroll: window.scrollY };
      window.history.replaceState(place, "", window.location.href);
    }

    // ``verify``: for the first page, false when it should not be shown.
    function showPage(count, verify) {
      var page = state.results.slice(state.shown, state.shown + (count || PAGE_SIZE));
      var run = state.run;
      var first = state.shown;
      state.shown += page.length;
      more.hidden = true;
      return Promise.all(page.map(function (result) { return result.data(); })).then(function (datas) {
        if (run !== state.run) {
          return;
        }
        datas.forEach(function (data) {
          list.append(card(data, state.highlight));
        });
        if (verify && !verify(datas)) {
          return;
        }
        more.hidden = state.shown >= state.results.length;
        keepPlace();
        app.setAttribute("data-state", "done");
        if (first) {
          var link = list.children[first] && list.children[first].querySelector("a");
          if (link) {
            link.focus();
          }
        }
      });
    }

    // The page's title names the query (history, tabs, screen readers).
    var pageTitle = document.title;
    var QUERY_SHOWN = 80; // characters of the query the status line repeats

    function run(how) {
      var query = input.value.trim();
      if (!words(query).length) {
        query = ""; // only quotes or punctuation: no keyword
      }
      document.title = query ? "“" + shorten(query) + "” – " + pageTitle : pageTitle;
      var filters = chosenFilters();
      var current = (state.run += 1);
      showCount();
      remember(how || "replace");
      list.textContent = "";
      more.hidden = true;
      hint.hidden = true;
      var filtered = Object.keys(filters).length > Object.keys(kind).length;
      if (!query && !filtered) {
        status.textContent = "";
        app.setAttribute("data-state", "idle");
        return Promise.resolve();
      }
      app.setAttribute("data-state", "searching");
      if (!query) {
        // Only filters chosen ("?tinh=Hưng Yên"): their articles, newest first.
        return ready.then(function (engines) {
          return engines.loose.search(null, { filters: filters, sort: { date: "desc" } });
        }).then(function (found) {
          if (current !== state.run) {
            return;
          }
          var back = saved && !saved.q ? saved : null;
          saved = null;
          state.results = found.results;
          state.shown = 0;
          state.highlight = highlighter({ words: [], phrases: [] });
          if (!found.results.length) {
            status.textContent = say("noneListed");
            app.setAttribute("data-state", "done");
            return;
          }
          status.textContent = say(plural("listed", found.results.length), { num: found.results.length });
          return showPage(Math.max((back && back.shown) || 0, PAGE_SIZE)).then(function () {
            if (back) {
              window.scrollTo(0, back.scroll || 0);
            }
          });
        }).catch(function () {
          if (current === state.run) {
            status.textContent = say("failed");
            app.setAttribute("data-state", "error");
          }
        });
      }
      status.textContent = say("searching", { query: shorten(query) });
      return Promise.all([ready, topicsReady]).then(function (loaded) {
        return search(loaded[0], query, filters, loaded[1]);
      }).then(function (found) {
        if (current !== state.run) {
          return;
        }
        var results = (state.results = found.results);
        state.shown = 0;
        state.highlight = highlighter(found.highlight);
        if (!results.length) {
          status.textContent = say(filtered ? "noneFiltered" : "none", { query: shorten(query) });
          hint.hidden = false;
          app.setAttribute("data-state", "done");
          return;
        }
        var foundText = say(plural(filtered ? "foundFiltered" : "found", results.length), {
          num: results.length,
          query: shorten(query)
        });
        // Pagefind answers a word it does not have with the articles of its
        // longest prefix it has ("obama" → "ở"): when no article of the first
        // page holds every word of the query (its record, hidden topic names
        // included; the last word may be a beginning: the reader may still
        // be typing), there is no result. A topic's articles are filed under
        // it and need not hold its name.
        // Marks are not compared: Pagefind ignores them, and a reader may
        // type one wrong ("hưu nghị").
        // English words are compared by their stems ("scholarships" holds
        // "scholarship"), as Pagefind's English index matches them.
        var wanted = asWritten(words(query)).map(fold);
        function holdsQuery(data) {
          var tokens = words(data.content || "").map(fold);
          return wanted.every(function (word, index) {
            var last = index === wanted.length - 1;
            return tokens.some(function (token) {
              return (last && token.indexOf(word) === 0) || kin(token, word);
            });
          });
        }
        function verify(datas) {
          if (found.highlight.phrases.length || datas.some(holdsQuery)) {
            status.textContent = foundText;
            return true;
          }
          state.results = [];
          list.textContent = "";
          status.textContent = say(filtered ? "noneFiltered" : "none", { query: shorten(query) });
          hint.hidden = false;
          app.setAttribute("data-state", "done");
          return false;
        }
        var back = saved && saved.q === query ? saved : null;
        saved = null;
        if (!back) {
          return showPage(PAGE_SIZE, verify);
        }
        return showPage(Math.max(back.shown || 0, PAGE_SIZE), verify).then(function () {
          window.scrollTo(0, back.scroll || 0);
        });
      }).catch(function () {
        if (current === state.run) {
          status.textContent = say("failed");
          app.setAttribute("data-state", "error");
        }
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DEBOUNCE_MS, "type");
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) {
        input.blur(); // a phone: fold the keyboard away to show the results
      }
      run("commit");
    });
    selects.forEach(function (select) {
      select.addEventListener("change", function () {
        run("commit");
      });
    });
    reset.addEventListener("click", function () {
      selects.forEach(function (select) {
        select.value = "";
      });
      run("commit");
      selects[0].focus();
    });
    more.addEventListener("click", function () {
      showPage();
    });
    // Leaving for a result: remember how far down the reader was.
    list.addEventListener("click", keepPlace);
    window.addEventListener("pagehide", keepPlace);
    // Back / Forward to another query of this page: its words, its filters,
    // and where the reader was in its list.
    window.addEventListener("popstate", function (event) {
      window.clearTimeout(timer);
      saved = event.state;
      fromAddress();
      if (showCount()) {
        panel.open = true;
      }
      run("replace");
    });

    ready.then(fillFilters).then(function (changed) {
      app.setAttribute("data-filters", "ready");
      if (changed) {
        run();
      }
    }).catch(function () {
      status.textContent = say("failed");
    });
    if (input.value.trim() || showCount()) {
      run();
    } else if (window.matchMedia && window.matchMedia("(pointer: fine)").matches) {
      input.focus({ preventScroll: true });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
