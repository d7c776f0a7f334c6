export const id = 109;
export const ids = [109];
export const modules = {

/***/ 33109:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sha256Node: () => (/* binding */ sha256Node)
/* harmony export */ });
/* harmony import */ var _chunk_FFYIGW52_mjs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(78590);
/* harmony import */ var stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2203);
/* harmony import */ var crypto__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(54601);


// src/utils/sha256-node.ts


async function* sha256Node(buffer, opts) {
  const sha256Stream = (0,crypto__WEBPACK_IMPORTED_MODULE_2__.createHash)("sha256");
  const size = buffer instanceof Blob ? buffer.size : buffer.byteLength;
  let done = 0;
  const readable = buffer instanceof Blob ? stream__WEBPACK_IMPORTED_MODULE_1__.Readable.fromWeb(buffer.stream()) : stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from(Buffer.from(buffer));
  for await (const buffer2 of readable) {
    sha256Stream.update(buffer2);
    done += buffer2.length;
    yield done / size;
    opts?.abortSignal?.throwIfAborted();
  }
  return sha256Stream.digest("hex");
}



/***/ })

};
