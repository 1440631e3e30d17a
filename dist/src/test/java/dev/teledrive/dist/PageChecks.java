package dev.teledrive.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * What a person sees of the page, checked inside the browser: boxes that overlap, text that does not
 * fit its box, protocol text on screen, and axe-core's accessibility rules.
 */
final class PageChecks {

    /**
     * The parts of the page that must never cover each other. The picture is one of them except where
     * the controls are meant to lie over it (a phone on its side, full screen).
     */
    private static final String PARTS = String.join(
            ",",
            ".bar > :not([hidden])",
            ".screen-tools > :not([hidden])",
            ".video-stats",
            ".screen.has-video .arena",
            ".auth",
            ".seat > :not(label)",
            "#joystick",
            ".speed-limit",
            "#commands button",
            ".command-form",
            "#message",
            ".gauge",
            ".reading",
            ".presence",
            ".fleet li");

    private static final String OVERLAPS = """
            const [selectors, withPicture] = arguments;
            const seen = (e) => {
              const r = e.getBoundingClientRect();
              return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
            };
            const parts = [...document.querySelectorAll(selectors)].filter(seen);
            const video = document.getElementById('video');
            if (withPicture && seen(video)) parts.push(video);
            const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
              + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
              + (e.dataset.command ? '[' + e.dataset.command + ']' : '') + (e.dataset.field ? '[' + e.dataset.field + ']' : '');
            const found = [];
            for (let i = 0; i < parts.length; i++) {
              for (let j = i + 1; j < parts.length; j++) {
                const a = parts[i], b = parts[j];
                if (a.contains(b) || b.contains(a)) continue;
                // What the picture area shows over the picture (the map, the numbers, its buttons) belongs there.
                if ((a === video && video.parentElement.contains(b)) || (b === video && video.parentElement.contains(a))) continue;
                const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
                const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
                const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
                if (x > 1 && y > 1) found.push(name(a) + ' and ' + name(b));
              }
            }
            return found;
            """;

    private static final String OVERFLOWS = """
            return [...document.querySelectorAll('.reading dt, .reading dd, #commands button, .fleet button, .seat > *, .bar > *, .screen-tools > *, .facts')]
              .filter((e) => e.getBoundingClientRect().width > 1 && e.scrollWidth > e.clientWidth + 1)
              .map((e) => (e.id || e.tagName.toLowerCase()) + ': ' + e.textContent.trim());
            """;

    private PageChecks() {}

    /** Pairs of the page's parts whose boxes overlap, as "what and what". */
    static List<String> overlaps(WebDriver browser, boolean withPicture) {
        return strings(js(browser).executeScript(OVERLAPS, PARTS, withPicture));
    }

    /** Texts that run out of their box. */
    static List<String> overflows(WebDriver browser) {
        return strings(js(browser).executeScript(OVERFLOWS));
    }

    /** Anything of the wire protocol in the page's visible text, or null for none. */
    static String protocolText(WebDriver browser) {
        String text = (String) js(browser).executeScript("return document.body.innerText;");
        for (String mark : List.of("{\"", "\"command\"", "\"type\"", "command\":", "_unavailable", "not_driver")) {
            if (text.contains(mark)) {
                return mark + " in: " + text;
            }
        }
        return null;
    }

    /** The page's box and the picture's, and the viewport's size. */
    @SuppressWarnings("unchecked")
    static Map<String, Number> pictureBox(WebDriver browser) {
        return (Map<String, Number>) js(browser)
                .executeScript("const r = document.getElementById('video').getBoundingClientRect();"
                        + "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width,"
                        + " height: r.height, vw: innerWidth, vh: innerHeight};");
    }

    /** axe-core's violations of serious or critical impact, each as "rule: where". */
    static List<String> seriousAccessibilityViolations(WebDriver browser) {
        js(browser).executeScript(axeSource());
        Object result = js(browser).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        axe.run(document, {resultTypes: ['violations']})
                          .then((r) => done(r.violations
                            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                            .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                              + v.nodes.map((n) => n.target.join(' ')).join(', '))))
                          .catch((e) => done(['axe failed: ' + e]));
                        """);
        return strings(result);
    }

    private static String axeSource() {
        try (InputStream in = PageChecks.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test class path (dist/pom.xml, axe-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(Object result) {
        return ((List<?>) result).stream().map(String::valueOf).toList();
    }

    private static JavascriptExecutor js(WebDriver browser) {
        return (JavascriptExecutor) browser;
    }
}
