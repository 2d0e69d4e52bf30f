"""Opens kg's HTML export in real headless Chromium through WebDriver and reports, as JSON on
stdout, what a reader would see: how many nodes drew, what the search lists for a name, what a
click on a node shows and highlights, what a click on a highlighted passage selects, what the path
finder answers, and every network request the page attempted. tests/pictures.rs checks the answers.

usage: browser.py PAGE.html ALIAS NODE_ID FROM TO [SCREENSHOT.png]
"""

import json
import os
import shutil
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1600,1000",
        # Nothing may leave the machine: no name resolves and every proxied request fails. The
        # check below does not rely on this; it looks at what the page attempted.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
    ]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def requests(driver):
    """The URLs of every request the page attempted since the last call (from the DevTools
    Network events in Chromium's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def main():
    page, alias, node_id, path_from, path_to = sys.argv[1:6]
    screenshot = sys.argv[6] if len(sys.argv) > 6 else None
    url = "file://" + os.path.abspath(page)
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    driver = browser(profile)
    report = {}
    try:
        # The detector can fail: a page that fetches an image is caught.
        driver.get("data:text/html,<img src='http://example.invalid/probe.png'>")
        report["probe_requests"] = [u for u in requests(driver) if u.startswith("http")]
        driver.get_log("browser")  # the probe's failed load is not the page's

        driver.get(url)
        nodes = driver.find_elements(By.CSS_SELECTOR, "#nodes g.node")
        report["nodes_drawn"] = len(nodes)
        report["edges_drawn"] = len(driver.find_elements(By.CSS_SELECTOR, "#edges g.edge"))
        report["node_ids"] = sorted(n.get_attribute("data-id") for n in nodes)
        box = driver.execute_script("return document.getElementById('nodes').getBBox()")
        report["nodes_bbox"] = [box["width"], box["height"]]
        report["nodes_extent"] = [box["x"], box["y"], box["width"], box["height"]]
        report["js_key_mismatches"] = driver.execute_script(
            "const bad = [];"
            "kg.data.nodes.forEach(n => n.names.forEach((name, j) => {"
            "  if (kg.nameKey(name) !== n.keys[j]) bad.push([name, n.keys[j], kg.nameKey(name)]); }));"
            "return bad;"
        )

        # Zoom (a button, then the wheel) and pan (a drag) change what the graph shows.
        view_box = lambda: driver.execute_script("return document.getElementById('graph').getAttribute('viewBox')")
        report["view_boxes"] = [view_box()]
        driver.find_element(By.ID, "zoom-in").click()
        report["view_boxes"].append(view_box())
        graph = driver.find_element(By.ID, "graph")
        ActionChains(driver).scroll_to_element(graph).scroll_from_origin(
            webdriver.common.actions.wheel_input.ScrollOrigin.from_element(graph), 0, 300
        ).perform()
        report["view_boxes"].append(view_box())
        ActionChains(driver).move_to_element_with_offset(graph, 5, 5).click_and_hold().move_by_offset(
            120, 80
        ).release().perform()
        report["view_boxes"].append(view_box())
        driver.find_element(By.ID, "zoom-fit").click()

        # Hiding a type hides its nodes.
        kind = driver.execute_script("return kg.data.nodes[0].type")
        driver.find_element(By.CSS_SELECTOR, f'#filters input[data-type="{kind}"]').click()
        report["filter_type"] = kind
        report["hidden_nodes"] = driver.execute_script(
            "return [...document.querySelectorAll('#nodes g.node')]"
            ".filter(g => getComputedStyle(g).display === 'none').map(g => g.dataset.id)"
        )
        driver.find_element(By.CSS_SELECTOR, f'#filters input[data-type="{kind}"]').click()

        # What each name resolves to in the path finder: every name in the data and a few others.
        report["resolved"] = driver.execute_script(
            "const names = ['Roosevelt', 'Rosevelt', 'the Soviet-Union', 'SOVIET UNION'];"
            "kg.data.nodes.forEach(n => names.push(...n.names));"
            "const out = {};"
            "names.forEach(name => { const i = kg.resolve(name); out[name] = i === null ? null : kg.data.nodes[i].id; });"
            "return out;"
        )

        # Search by an alias, as a reader types it.
        search = driver.find_element(By.ID, "search")
        search.send_keys(alias)
        report["search_results"] = [
            li.get_attribute("data-id") for li in driver.find_elements(By.CSS_SELECTOR, "#search-results li")
        ]

        # A real click on a node.
        search.clear()
        target = driver.find_element(By.CSS_SELECTOR, f'#nodes g.node[data-id="{node_id}"]')
        ActionChains(driver).move_to_element(target.find_element(By.CSS_SELECTOR, ".shape")).click().perform()
        report["card_title"] = driver.find_element(By.CSS_SELECTOR, "#card h2").text
        report["card_relations"] = [
            li.get_attribute("data-id") for li in driver.find_elements(By.CSS_SELECTOR, "#card li.relation")
        ]
        report["selected_nodes"] = [
            g.get_attribute("data-id") for g in driver.find_elements(By.CSS_SELECTOR, "#nodes g.node.selected")
        ]
        # Read in one script, so that the list is one consistent state of the page; the text as
        # code points (a half of a surrogate pair, which a page slicing UTF-16 would make, could
        # not travel as a string).
        report["marks"] = driver.execute_script(
            "return [...document.querySelectorAll('#essay mark')].map(m => ({"
            "  class: m.className, start: +m.dataset.start, end: +m.dataset.end, codes: Array.from(m.textContent).map(c => c.codePointAt(0)),"
            "  edge: m.dataset.edge || null, node: m.dataset.node || null }));"
        )

        # A click on a highlighted passage of a relation selects that relation.
        related = driver.find_elements(By.CSS_SELECTOR, "#essay mark.related")
        if related:
            passage = related[0]
            report["clicked_passage_edge"] = passage.get_attribute("data-edge")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", passage)
            passage.click()
            report["selected_edges_after_passage_click"] = [
                g.get_attribute("data-id") for g in driver.find_elements(By.CSS_SELECTOR, "#edges g.edge.selected")
            ]
            report["edge_card"] = driver.find_element(By.ID, "card").text

        # A click on an edge of the graph shows its evidence.
        edge = driver.find_element(By.CSS_SELECTOR, "#edges g.edge.stated")
        report["clicked_edge"] = edge.get_attribute("data-id")
        driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", edge)
        report["clicked_edge_card"] = driver.find_element(By.ID, "card").text
        report["clicked_edge_marks"] = [
            m.get_attribute("data-edge") for m in driver.find_elements(By.CSS_SELECTOR, "#essay mark.primary")
        ]

        # The path finder.
        driver.find_element(By.ID, "path-from").send_keys(path_from)
        driver.find_element(By.ID, "path-to").send_keys(path_to)
        driver.find_element(By.ID, "path-stated-only").click()
        driver.find_element(By.ID, "path-find").click()
        report["path_title"] = driver.find_element(By.CSS_SELECTOR, "#card h2").text
        report["path_edges"] = [
            li.get_attribute("data-edge") for li in driver.find_elements(By.CSS_SELECTOR, "#card li.step")
        ]

        # The filters: hiding a type hides its nodes; the background toggle hides dashed edges.
        driver.find_element(By.ID, "show-background").click()
        report["background_edges_visible"] = driver.execute_script(
            "return [...document.querySelectorAll('#edges g.edge.background')]"
            ".filter(g => getComputedStyle(g).display !== 'none').length"
        )

        if screenshot:
            driver.find_element(By.ID, "show-background").click()
            search.send_keys(alias)
            search.send_keys("\n")
            driver.save_screenshot(screenshot)

        report["requests"] = [u for u in requests(driver) if u != url and not u.startswith("data:")]
        report["console_errors"] = [
            e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"
        ]
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
