# freshet_generate_model(TARGET <lib> SERVICE <botocore dir> NAMESPACE <ns> OPERATIONS <file>
#                        OUT <module/name>)
# Runs tools/gen_model.py on botocore's newest model of SERVICE for the operations listed in
# OPERATIONS, and adds the generated source to TARGET. The header is <module/name>.gen.h.
function(freshet_generate_model)
    cmake_parse_arguments(G "" "TARGET;SERVICE;NAMESPACE;OPERATIONS;OUT" "" ${ARGN})
    file(GLOB versions LIST_DIRECTORIES true "${FRESHET_BOTOCORE_DATA}/${G_SERVICE}/*")
    list(SORT versions)
    list(GET versions -1 newest)
    set(model "${newest}/service-2.json")
    if(NOT EXISTS "${model}")
        message(FATAL_ERROR "botocore model not found: ${model} (install python3-botocore)")
    endif()
    set(out_base "${CMAKE_BINARY_DIR}/gen/${G_OUT}")
    add_custom_command(
        OUTPUT "${out_base}.gen.h" "${out_base}.gen.cc"
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/gen_model.py
                "${model}" "${G_OPERATIONS}" ${G_NAMESPACE} "${out_base}"
        DEPENDS ${CMAKE_SOURCE_DIR}/tools/gen_model.py "${model}" "${G_OPERATIONS}"
        COMMENT "Generating ${G_OUT} from ${G_SERVICE}'s botocore model"
        VERBATIM)
    target_sources(${G_TARGET} PRIVATE "${out_base}.gen.cc" "${out_base}.gen.h")
endfunction()
