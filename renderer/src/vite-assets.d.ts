// Types for the Vite import suffixes the renderer uses (the project does not load all of vite/client).
declare module '*?worker&url' {
  const url: string;
  export default url;
}
