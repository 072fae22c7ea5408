// Issue 18 (light on phones): the dashboard's summary, asked for as soon as the page is parsed, while the
// app's bundle is still downloading (on a 1.6 Mbps phone that is over a second earlier than the page itself
// could ask). A global script of the build (`scripts` in apps/admin/project.json: same origin, so the CSP's
// script-src 'self' allows it). The dashboard's service takes the answer when the URL and the token are the
// ones it would use (core/api/early-request.ts, features/dashboard/data/dashboard.api.ts); anything that is
// not a good answer is asked again the usual way. Keep the URL in step with DashboardPage (its default range:
// the last 30 days in Asia/Shanghai) and DashboardApi (query order unitId, from, to).
(() => {
  try {
    const token = localStorage.getItem('tz.token');
    const user = JSON.parse(localStorage.getItem('tz.user') || 'null');
    if (!token || !user || user.mustChangePassword) return;
    const path = location.pathname;
    // the dashboard, or the start page of a manager (whose home it is)
    if (!(path === '/dashboard' || (path === '/' && user.role === 'manager'))) return;
    if (!['manager', 'admin', 'coordinator', 'bureau_officer'].includes(user.role)) return;
    const page = new URLSearchParams(path === '/dashboard' ? location.search : '');
    const day = 86_400_000;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const query = new URLSearchParams();
    if (page.get('unitId')) query.set('unitId', page.get('unitId'));
    query.set(
      'from',
      page.get('from') || new Date(Date.parse(`${today}T00:00:00Z`) - 29 * day).toISOString().slice(0, 10),
    );
    query.set('to', page.get('to') || today);
    const url = `/api/dashboard/summary?${query.toString()}`;
    const response = fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    // taken or not, a failure here is nobody's unhandled rejection
    response.catch(() => undefined);
    window.__tzEarly = [{ url, token, response }];
  } catch {
    // no storage, no fetch: the page asks for itself
  }
})();
