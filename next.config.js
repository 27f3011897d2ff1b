/**
 * The site is a static export: `next build` writes plain files into `out/` that any static server
 * (or a USB stick opened in a classroom) can serve. Nothing runs on a server and nothing is fetched
 * from another host, which is why images are not optimized (that needs a server) and fonts come
 * from @fontsource packages instead of next/font/google.
 *
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  output: 'export',
  // /lessons/x/ → out/lessons/x/index.html, which every static server maps without rewrite rules.
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run typecheck` (tsc over lib, tests, app and components) is the one type check; running
  // it again inside every build would only add time.
  typescript: { ignoreBuildErrors: true },
  // A page's build may wait behind other builds on a busy 2-core machine; the default 60 s
  // limit then fails a correct build.
  staticPageGenerationTimeout: 300,
};

export default nextConfig;
